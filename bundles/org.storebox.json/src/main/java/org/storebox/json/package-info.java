/**
 * The wire format of storebox in one place: snake_case names, money as decimal strings, quantities
 * as numbers, ISO-8601 dates. Used by every bundle that writes or reads JSON so they agree.
 */
@Export
@Version("1.2.0")
package org.storebox.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Types shared by every area: the domain exception that carries what to fix. */
@Export
@Version("1.0.0")
package org.storebox.api.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

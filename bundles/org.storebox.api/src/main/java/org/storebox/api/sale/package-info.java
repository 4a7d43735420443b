/** Sales, returns, voids and day close. */
@Export
@Version("1.2.0")
package org.storebox.api.sale;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

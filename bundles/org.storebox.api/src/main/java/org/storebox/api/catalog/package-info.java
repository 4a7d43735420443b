/** Products, barcodes and prices. */
@Export
@Version("1.0.0")
package org.storebox.api.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

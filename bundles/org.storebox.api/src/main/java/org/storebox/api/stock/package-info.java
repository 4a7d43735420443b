/** On-hand stock kept as a movement ledger. */
@Export
@Version("1.1.0")
package org.storebox.api.stock;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

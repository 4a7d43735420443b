/** The store on the box: the H2 database with group commit, and the store's identity. */
@Export
@Version("1.1.0")
package org.storebox.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** OAuth 2.0 clients: terminals, managers and administrators. */
@Export
@Version("1.2.0")
package org.storebox.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

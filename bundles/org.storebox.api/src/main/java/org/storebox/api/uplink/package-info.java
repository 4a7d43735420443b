/** The state of the box's uplink to HQ: connection, backlog of unacknowledged events, last error. */
@Export
@Version("1.0.0")
package org.storebox.api.uplink;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

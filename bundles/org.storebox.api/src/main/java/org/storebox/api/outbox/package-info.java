/** The durable, sequenced event log that feeds every uplink. */
@Export
@Version("1.0.0")
package org.storebox.api.outbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The durable, sequenced event log that feeds every uplink, and its byte budget on disk
 * ({@link org.storebox.api.outbox.OutboxBudget}, since 1.1).
 */
@Export
@Version("1.1.0")
package org.storebox.api.outbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

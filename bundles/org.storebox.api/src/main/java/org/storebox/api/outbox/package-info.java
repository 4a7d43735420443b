/**
 * The durable, sequenced event log that feeds every uplink, its byte budget on disk
 * ({@link org.storebox.api.outbox.OutboxBudget}, since 1.1), and the events it keeps after HQ's
 * acknowledgement for webhook targets ({@link org.storebox.api.outbox.OutboxRetention}, since 1.2).
 */
@Export
@Version("1.2.0")
package org.storebox.api.outbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

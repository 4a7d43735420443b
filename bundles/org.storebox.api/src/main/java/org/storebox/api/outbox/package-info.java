/**
 * The durable, sequenced event log that feeds every uplink, its byte budget on disk
 * ({@link org.storebox.api.outbox.OutboxBudget}, since 1.1), and the events it keeps after HQ's
 * acknowledgement for webhook targets ({@link org.storebox.api.outbox.OutboxRetention}, since 1.2). Since 2.0 an
 * event's {@link org.storebox.api.outbox.OutboxEvent#data} is its UTF-8 bytes, no longer a string.
 */
@Export
@Version("2.0.0")
package org.storebox.api.outbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

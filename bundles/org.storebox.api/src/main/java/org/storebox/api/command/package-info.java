/**
 * Commands from HQ: whiteboard {@link org.storebox.api.command.CommandHandler}s, one per command name,
 * called by the box's command dispatcher, which owns idempotency (one outcome per request id),
 * quarantine of what cannot be applied, and the reply to HQ.
 */
@Export
@Version("1.2.0")
package org.storebox.api.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

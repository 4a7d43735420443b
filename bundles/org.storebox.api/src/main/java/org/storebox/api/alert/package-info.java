/**
 * Local alerts: one store of alerts with severity, source, first and last seen, a repeat count,
 * acknowledgement and automatic clearing, fed by whiteboard {@link org.storebox.api.alert.AlertRule}s.
 */
@Export
@Version("1.0.0")
package org.storebox.api.alert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

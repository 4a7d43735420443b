package org.storebox.api.alert;

/** How urgent an alert is. */
public enum Severity {
    /** Worth knowing. */
    INFO,
    /** Needs attention today. */
    WARNING,
    /** Trade or data is at risk now. */
    CRITICAL
}

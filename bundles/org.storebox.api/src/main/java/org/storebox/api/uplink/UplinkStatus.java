package org.storebox.api.uplink;

import java.time.Instant;

/** A snapshot of the uplink: connection, backlog (events not yet acknowledged by HQ), last error. */
public class UplinkStatus {
    /** Whether the uplink is connected to its broker now. */
    public boolean connected;
    /** The broker URL without credentials, for example {@code ssl://mqtt.example:8883}; null when none is configured. */
    public String broker;
    /** Events written but not yet acknowledged by HQ. */
    public long backlog;
    /** Size in bytes of the unacknowledged events as they go on the wire. */
    public long backlogBytes;
    /** Age in seconds of the oldest unacknowledged event; 0 when the backlog is empty. */
    public long oldestUnsyncedAgeS;
    /** The highest sequence number HQ has acknowledged (0 when none). */
    public long lastAckSeq;
    /** The last connection or delivery error, for example a refused password; null while none. */
    public String lastError;
    /** When the uplink last connected to the broker; null when never since the box started. */
    public Instant lastConnectedAt;
}

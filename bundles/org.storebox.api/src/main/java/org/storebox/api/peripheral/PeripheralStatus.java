package org.storebox.api.peripheral;

import java.time.Instant;
import java.util.Map;

/**
 * What a device is doing now. Immutable.
 *
 * @param state  online, offline (not reachable: unplugged, port gone, no answer) or error (reachable
 *               but cannot work: paper out, cover open, hardware fault)
 * @param reason an English sentence that says what is wrong and what to do; null when online
 * @param since  when the device entered this state
 * @param detail device conditions that do not change the state, for example {@code paper=near_end}
 *               or {@code drawer=open}; keys and values lower case, never null
 */
public record PeripheralStatus(State state, String reason, Instant since, Map<String, String> detail) {

    public enum State {
        ONLINE, OFFLINE, ERROR
    }

    /** Detail key of a printer's paper: {@link #PAPER_OK}, {@link #PAPER_NEAR_END} or {@link #PAPER_OUT}. */
    public static final String DETAIL_PAPER = "paper";
    public static final String PAPER_OK = "ok";
    public static final String PAPER_NEAR_END = "near_end";
    public static final String PAPER_OUT = "out";
    /** Detail key of a drawer (or a printer's drawer sensor): {@link #OPEN} or {@link #CLOSED}. */
    public static final String DETAIL_DRAWER = "drawer";
    /** Detail key of a printer's cover: {@link #OPEN} when it is open. */
    public static final String DETAIL_COVER = "cover";
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    public PeripheralStatus {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static PeripheralStatus online(Map<String, String> detail) {
        return new PeripheralStatus(State.ONLINE, null, Instant.now(), detail);
    }

    public static PeripheralStatus offline(String reason) {
        return new PeripheralStatus(State.OFFLINE, reason, Instant.now(), Map.of());
    }

    public static PeripheralStatus error(String reason, Map<String, String> detail) {
        return new PeripheralStatus(State.ERROR, reason, Instant.now(), detail);
    }
}

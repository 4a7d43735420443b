package org.storebox.api.peripheral;

/**
 * EventAdmin topics and properties that drivers post ({@code postEvent}, never {@code sendEvent}).
 * Every event carries {@link #NAME} and {@link #KIND}.
 */
public final class PeripheralEvents {

    /** A scan. Properties: {@link #BARCODE}, {@link #VALID}, {@link #REASON} (when not valid). */
    public static final String TOPIC_SCAN = "org/storebox/peripheral/SCAN";
    /** A device's status changed. Properties: {@link #STATE}, {@link #REASON}, {@link #DETAIL}. */
    public static final String TOPIC_STATUS = "org/storebox/peripheral/STATUS";
    /** A drawer opened or closed. Properties: {@link #OPEN}. */
    public static final String TOPIC_DRAWER = "org/storebox/peripheral/DRAWER";

    /** The device's logical name (String). */
    public static final String NAME = "name";
    /** {@link PeripheralKind#wire()} (String). */
    public static final String KIND = "kind";
    /** The scanned data without prefix and suffix (String). */
    public static final String BARCODE = "barcode";
    /** Whether the scan is a well-formed code with a correct check digit (Boolean). */
    public static final String VALID = "valid";
    /** Why a scan is not valid, or why a device is not online (String). */
    public static final String REASON = "reason";
    /** {@link PeripheralStatus.State} name in lower case (String). */
    public static final String STATE = "state";
    /** {@link PeripheralStatus#detail()} (Map of String to String). */
    public static final String DETAIL = "detail";
    /** Whether the drawer is open (Boolean). */
    public static final String OPEN = "open";

    private PeripheralEvents() {
    }
}

package org.storebox.api.peripheral;

/** The kinds of device the box drives; the lower-case name is the kind on the wire. */
public enum PeripheralKind {
    PRINTER, SCANNER, DRAWER, SCALE, DISPLAY;

    /** The kind as written on the wire and in service properties, for example {@code printer}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

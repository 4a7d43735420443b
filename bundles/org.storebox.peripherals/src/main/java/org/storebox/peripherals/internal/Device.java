package org.storebox.peripherals.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Constants;
import org.storebox.api.peripheral.BarcodeScanner;
import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.LineDisplay;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.ReceiptPrinter;
import org.storebox.api.peripheral.Scale;

/**
 * One tracked {@link Peripheral} service: its identity from its service properties (never from a
 * call into the driver, which could hang the thread that binds it) and the driver calls that have
 * run past their deadline and not returned yet.
 */
final class Device {
    /** The operations of each kind beyond reading and self-testing, as named in the URL. */
    static final Map<PeripheralKind, List<String>> OPERATIONS = Map.of(
            PeripheralKind.PRINTER, List.of("print"),
            PeripheralKind.SCANNER, List.of(),
            PeripheralKind.DRAWER, List.of("open"),
            PeripheralKind.SCALE, List.of("weight", "zero"),
            PeripheralKind.DISPLAY, List.of("display"));

    final Peripheral service;
    final long serviceId;
    volatile int ranking;
    volatile String name;
    volatile PeripheralKind kind;
    volatile String driver;
    /** Calls that passed their deadline and still run in the driver. */
    final AtomicInteger abandoned = new AtomicInteger();
    /** When the oldest abandoned call started, for the message; null when none. */
    volatile Instant abandonedSince;
    /** When calls into this driver started failing; null while they succeed. */
    volatile Instant failingSince;

    Device(Peripheral service, Map<String, ?> props) {
        this.service = service;
        this.serviceId = props.get(Constants.SERVICE_ID) instanceof Number n ? n.longValue() : System.identityHashCode(service);
        update(props);
    }

    /** Takes the (possibly changed) service properties. */
    void update(Map<String, ?> props) {
        this.ranking = props.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        this.name = text(props.get(Peripheral.PROP_NAME));
        this.kind = kindOf(text(props.get(Peripheral.PROP_KIND)), service);
        String d = text(props.get(Peripheral.PROP_DRIVER));
        this.driver = d == null ? "unknown" : d;
    }

    /** Operations this device has, beyond GET and selftest. */
    List<String> operations() {
        return OPERATIONS.get(kind);
    }

    /** Every operation of the kind as listed to callers, self-test first. */
    List<String> allOperations() {
        List<String> all = new ArrayList<>();
        all.add("selftest");
        all.addAll(operations());
        return all;
    }

    /** Service order: higher ranking first, then the older service (lower id), as the framework orders them. */
    static int compare(Device a, Device b) {
        if (a.ranking != b.ranking) {
            return Integer.compare(b.ranking, a.ranking);
        }
        return Long.compare(a.serviceId, b.serviceId);
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    /** The kind from the property, else from the interface the service implements; null when neither says. */
    static PeripheralKind kindOf(String prop, Peripheral p) {
        if (prop != null) {
            for (PeripheralKind k : PeripheralKind.values()) {
                if (k.wire().equals(prop.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
        }
        if (p instanceof ReceiptPrinter) {
            return PeripheralKind.PRINTER;
        } else if (p instanceof BarcodeScanner) {
            return PeripheralKind.SCANNER;
        } else if (p instanceof CashDrawer) {
            return PeripheralKind.DRAWER;
        } else if (p instanceof Scale) {
            return PeripheralKind.SCALE;
        } else if (p instanceof LineDisplay) {
            return PeripheralKind.DISPLAY;
        }
        return null;
    }

    @Override
    public String toString() {
        return name + " (" + (kind == null ? "?" : kind.wire()) + ", driver " + driver + ", service " + serviceId + ")";
    }
}

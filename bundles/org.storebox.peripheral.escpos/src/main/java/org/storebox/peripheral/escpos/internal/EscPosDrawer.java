package org.storebox.peripheral.escpos.internal;

import java.util.HashMap;
import java.util.Map;

import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.SelfTest;

/**
 * A cash drawer on an ESC/POS printer's kick connector: opened by the printer's pulse, its sensor
 * read from the printer's DLE EOT 1 answer; reachable exactly when its printer is.
 */
final class EscPosDrawer implements CashDrawer {
    private final String name;
    private final EscPosPrinter printer;
    private final StatusEvents status;
    /** Last sensor reading; null until the printer first answered. */
    private volatile Boolean open;

    EscPosDrawer(String name, EscPosPrinter printer, EventSink events) {
        this.name = name;
        this.printer = printer;
        this.status = new StatusEvents(name, PeripheralKind.DRAWER, events,
                PeripheralStatus.offline("cash drawer " + name + " hangs on printer " + printer.name() + ", which is not connected yet"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PeripheralKind kind() {
        return PeripheralKind.DRAWER;
    }

    @Override
    public PeripheralStatus status() {
        return status.get();
    }

    @Override
    public SelfTest selfTest() {
        PeripheralStatus s;
        try {
            s = printer.roundTrip();
        } catch (RuntimeException e) {
            return new SelfTest(false, e.getMessage());
        }
        if (s.state() != PeripheralStatus.State.ONLINE) {
            return new SelfTest(false, status.get().reason());
        }
        return new SelfTest(true, "cash drawer " + name + " on printer " + printer.name() + " answered; it is "
                + (Boolean.TRUE.equals(open) ? "open" : "closed"));
    }

    @Override
    public void open() {
        printer.kick(name);
    }

    @Override
    public boolean isOpen() {
        return Boolean.TRUE.equals(open) && status.get().state() != PeripheralStatus.State.OFFLINE;
    }

    /** A sensor reading from the printer's status answer; posts a drawer event when it changed. */
    void sensor(boolean nowOpen) {
        Boolean before = open;
        open = nowOpen;
        if (before != null && before != nowOpen) {
            status.drawer(nowOpen);
        }
    }

    /** Derives the drawer's status from its printer's. */
    void follow(PeripheralStatus printerStatus) {
        Map<String, String> detail = new HashMap<>();
        Boolean o = open;
        switch (printerStatus.state()) {
            case OFFLINE:
                status.set(PeripheralStatus.offline("cash drawer " + name + " cannot be reached: " + printerStatus.reason()));
                break;
            case ERROR:
                if (o != null) {
                    detail.put(PeripheralStatus.DETAIL_DRAWER, o ? PeripheralStatus.OPEN : PeripheralStatus.CLOSED);
                }
                status.set(PeripheralStatus.error("cash drawer " + name + " cannot be opened until its printer works again: "
                        + printerStatus.reason(), detail));
                break;
            default:
                if (o != null) {
                    detail.put(PeripheralStatus.DETAIL_DRAWER, o ? PeripheralStatus.OPEN : PeripheralStatus.CLOSED);
                }
                status.set(PeripheralStatus.online(detail));
        }
    }
}

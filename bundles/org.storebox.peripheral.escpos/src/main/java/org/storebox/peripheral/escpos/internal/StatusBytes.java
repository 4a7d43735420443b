package org.storebox.peripheral.escpos.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.storebox.api.peripheral.PeripheralStatus;

/**
 * The answers to DLE EOT 1 (printer), 2 (offline cause), 3 (error cause) and 4 (roll paper sensor),
 * and what they mean. Every answer byte has bit 1 and bit 4 set and bits 0 and 7 clear; a byte that
 * breaks this is not a status answer (wrong baud_rate, wrong device, line noise).
 */
record StatusBytes(int printer, int offline, int error, int paper) {

    /** Whether {@code b} has the fixed bits of a DLE EOT answer. */
    static boolean wellFormed(int b) {
        return (b & 0x93) == 0x12;
    }

    /** Drawer kick connector pin 3 is high (DLE EOT 1 bit 2). */
    boolean drawerPinHigh() {
        return (printer & 0x04) != 0;
    }

    /** The status this means; the drawer state is added to detail when {@code drawerOpen} is not null. */
    PeripheralStatus toStatus(String device, Boolean drawerOpen) {
        Map<String, String> detail = new LinkedHashMap<>();
        boolean paperOut = (paper & 0x60) != 0 || (offline & 0x20) != 0;
        boolean nearEnd = (paper & 0x0C) != 0;
        if (paperOut) {
            detail.put(PeripheralStatus.DETAIL_PAPER, PeripheralStatus.PAPER_OUT);
        } else if (nearEnd) {
            detail.put(PeripheralStatus.DETAIL_PAPER, PeripheralStatus.PAPER_NEAR_END);
        }
        if (drawerOpen != null) {
            detail.put(PeripheralStatus.DETAIL_DRAWER, drawerOpen ? PeripheralStatus.OPEN : PeripheralStatus.CLOSED);
        }
        if ((offline & 0x04) != 0) {
            detail.put(PeripheralStatus.DETAIL_COVER, PeripheralStatus.OPEN);
            return PeripheralStatus.error(device + ": the cover is open; close the printer cover", detail);
        }
        if (paperOut) {
            return PeripheralStatus.error(device + ": the paper is out; load a new paper roll and close the cover", detail);
        }
        if ((error & 0x08) != 0) {
            detail.put("error", "cutter");
            return PeripheralStatus.error(device + ": the auto-cutter is jammed; open the cover, remove the jammed paper, close the cover", detail);
        }
        if ((error & 0x20) != 0) {
            detail.put("error", "unrecoverable");
            return PeripheralStatus.error(device + ": the printer reports an unrecoverable error; switch it off and on again, and call service if it stays", detail);
        }
        if ((error & 0x40) != 0) {
            detail.put("error", "head_temperature");
            return PeripheralStatus.error(device + ": the print head is too hot or the voltage is wrong; wait until the printer recovers by itself", detail);
        }
        if ((offline & 0x40) != 0 || (printer & 0x08) != 0) {
            // offline without a cause we know: often the feed button held or a recovering error
            return PeripheralStatus.error(device + ": the printer is offline; check its panel lights, release the feed button, close the cover", detail);
        }
        return PeripheralStatus.online(detail);
    }
}

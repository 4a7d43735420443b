package org.storebox.peripheral.javapos.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jpos.JposConst;
import jpos.JposException;
import jpos.Scanner;
import jpos.ScannerConst;
import jpos.config.JposEntry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.catalog.Barcodes;
import org.storebox.api.peripheral.BarcodeScanner;
import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralKind;

/**
 * A barcode scanner behind a JavaPOS Scanner service: each DataEvent becomes a
 * {@link PeripheralEvents#TOPIC_SCAN} event, GS1 codes checked with {@link Barcodes}.
 */
final class ScannerDevice extends JposDevice<Scanner> implements BarcodeScanner {
    private static final Logger LOG = LoggerFactory.getLogger(ScannerDevice.class);
    /** Symbologies whose check digit the box verifies itself; unknown ones too, as they are usually GS1 here. */
    private static final Set<Integer> GS1 = Set.of(ScannerConst.SCAN_SDT_UNKNOWN, ScannerConst.SCAN_SDT_EAN13,
            ScannerConst.SCAN_SDT_EAN8, ScannerConst.SCAN_SDT_UPCA);

    /** What one DataEvent carried. */
    private record Scan(String code, int type) {
    }

    ScannerDevice(String name, JposEntry entry, DeviceContext context) {
        super(name, PeripheralKind.SCANNER, entry, context);
    }

    @Override
    protected Scanner newControl() {
        return new Scanner();
    }

    @Override
    protected void powerNotify(Scanner c) throws JposException {
        if (c.getCapPowerReporting() != jpos.JposConst.JPOS_PR_NONE) {
            c.setPowerNotify(jpos.JposConst.JPOS_PN_ENABLED);
        }
    }

    @Override
    protected void listen(Scanner control, int gen) {
        // The service may fire on the very thread that calls it: read the data later, never here.
        control.addDataListener(e -> {
            if (current(gen)) {
                later(() -> readScan(gen));
            }
        });
        control.addErrorListener(e -> {
            if (current(gen)) {
                LOG.warn("{}: the scanner reported error {} ({}); input cleared", name, e.getErrorCode(),
                        e.getErrorCodeExtended());
                e.setErrorResponse(JposConst.JPOS_ER_CLEAR);
                later(() -> call("setDataEventEnabled", context.callTimeoutMs(), c -> {
                    c.setDataEventEnabled(true);
                    return null;
                }));
            }
        });
        control.addStatusUpdateListener(e -> {
            if (current(gen)) {
                powerEvent(gen, e.getStatus());
            }
        });
    }

    @Override
    protected void afterEnable(Scanner c) throws JposException {
        // ScanDataLabel is filled only when the service decodes; it is the code without prefix and suffix.
        try {
            c.setDecodeData(true);
        } catch (JposException e) {
            LOG.warn("{}: the scanner cannot decode; scans are its raw data, prefix and suffix included", name, e);
        }
        c.setDataEventEnabled(true);
    }

    private void readScan(int gen) {
        if (!current(gen)) {
            return;
        }
        Scan scan = call("getScanDataLabel", context.callTimeoutMs(), c -> {
            byte[] label = c.getScanDataLabel();
            byte[] data = c.getScanData();
            int type = c.getScanDataType();
            // A DataEvent disables further ones until the application enables them again.
            c.setDataEventEnabled(true);
            byte[] raw = label != null && label.length > 0 ? label : data;
            return new Scan(raw == null ? "" : new String(raw, StandardCharsets.ISO_8859_1).trim(), type);
        });
        Map<String, Object> props = new HashMap<>();
        props.put(PeripheralEvents.BARCODE, scan.code());
        String problem = GS1.contains(scan.type()) ? Barcodes.problem(scan.code())
                : scan.code().isEmpty() ? "a barcode is empty" : null;
        props.put(PeripheralEvents.VALID, problem == null);
        if (problem != null) {
            props.put(PeripheralEvents.REASON, problem);
        }
        post(PeripheralEvents.TOPIC_SCAN, props);
    }
}

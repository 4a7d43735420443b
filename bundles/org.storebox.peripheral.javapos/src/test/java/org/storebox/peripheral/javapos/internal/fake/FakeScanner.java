package org.storebox.peripheral.javapos.internal.fake;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import jpos.JposException;
import jpos.ScannerConst;
import jpos.events.DataEvent;

/** A scanner; the test scans by calling the {@code scan} consumer with a label. */
public class FakeScanner extends ScannerStubs {
    private volatile byte[] label = new byte[0];
    private volatile int type;
    private volatile boolean dataEventEnabled;

    public FakeScanner() {
        super("Scanner");
    }

    @Override
    protected void opened() {
        state.put("scan", (Consumer<String>) this::scan);
    }

    private void scan(String code) {
        label = code.getBytes(StandardCharsets.ISO_8859_1);
        type = code.matches("\\d{13}") ? ScannerConst.SCAN_SDT_EAN13 : ScannerConst.SCAN_SDT_UNKNOWN;
        // Like a real service: one event, then none until the application enables them again.
        dataEventEnabled = false;
        callbacks.fireDataEvent(new DataEvent(callbacks.getEventSource(), 0));
    }

    @Override
    public byte[] getScanData() {
        // Raw data as the scanner sends it: with an AIM prefix the label has not.
        return ("]E0" + new String(label, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public byte[] getScanDataLabel() {
        return label;
    }

    @Override
    public int getScanDataType() {
        return type;
    }

    @Override
    public void setDataEventEnabled(boolean on) throws JposException {
        record("setDataEventEnabled:" + on);
        dataEventEnabled = on;
    }

    @Override
    public boolean getDataEventEnabled() {
        return dataEventEnabled;
    }

    @Override
    public void setDecodeData(boolean on) {
        record("setDecodeData:" + on);
    }
}

package org.storebox.peripheral.javapos.internal.fake;

import java.util.List;

import jpos.JposConst;
import jpos.JposException;
import jpos.POSPrinterConst;

/** A receipt printer that records what it is asked to print under {@code printed}. */
public class FakePrinter extends PosPrinterStubs {

    public FakePrinter() {
        super("POSPrinter");
    }

    @Override
    protected void opened() {
        // The test reports printer conditions as the service would: a status update event.
        state.put("sue", (java.util.function.IntConsumer) status -> callbacks
                .fireStatusUpdateEvent(new jpos.events.StatusUpdateEvent(callbacks.getEventSource(), status)));
    }

    @Override
    public boolean getCoverOpen() {
        return "open".equals(state.get("cover"));
    }

    @SuppressWarnings("unchecked")
    private void printed(String what) {
        ((List<String>) state.get("printed")).add(what);
    }

    private void paperCheck() throws JposException {
        if ("paper".equals(state.get("error"))) {
            throw new JposException(JposConst.JPOS_E_EXTENDED, POSPrinterConst.JPOS_EPTR_REC_EMPTY, "receipt paper empty");
        }
    }

    @Override
    public void printNormal(int station, String data) throws JposException {
        maybeHang("printNormal");
        checkEnabled();
        paperCheck();
        printed("normal:" + station + ":" + data);
    }

    @Override
    public void printBarCode(int station, String data, int symbology, int height, int width, int alignment,
            int textPosition) throws JposException {
        checkEnabled();
        paperCheck();
        printed("barcode:" + symbology + ":" + data);
    }

    @Override
    public void cutPaper(int percentage) throws JposException {
        checkEnabled();
        printed("cut:" + percentage);
    }

    @Override
    public int getRecLineChars() {
        return 48;
    }

    @Override
    public int getRecLineWidth() {
        return 576;
    }

    @Override
    public boolean getCapRecPresent() {
        return true;
    }

    @Override
    public boolean getCapRecPapercut() {
        return true;
    }
}

package org.storebox.peripheral.javapos.internal;

import jpos.JposException;
import jpos.LineDisplayConst;
import jpos.config.JposEntry;

import org.storebox.api.peripheral.LineDisplay;
import org.storebox.api.peripheral.PeripheralKind;

/** A customer display behind a JavaPOS LineDisplay service; two rows through displayTextAt. */
final class DisplayDevice extends JposDevice<jpos.LineDisplay> implements LineDisplay {
    private volatile int columns = 20;

    DisplayDevice(String name, JposEntry entry, DeviceContext context) {
        super(name, PeripheralKind.DISPLAY, entry, context);
    }

    @Override
    protected jpos.LineDisplay newControl() {
        return new jpos.LineDisplay();
    }

    @Override
    protected void powerNotify(jpos.LineDisplay c) throws JposException {
        if (c.getCapPowerReporting() != jpos.JposConst.JPOS_PR_NONE) {
            c.setPowerNotify(jpos.JposConst.JPOS_PN_ENABLED);
        }
    }

    @Override
    protected void listen(jpos.LineDisplay control, int gen) {
        control.addStatusUpdateListener(e -> {
            if (current(gen)) {
                powerEvent(gen, e.getStatus());
            }
        });
    }

    @Override
    protected void afterEnable(jpos.LineDisplay c) throws JposException {
        if (c.getColumns() > 0) {
            columns = c.getColumns();
        }
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void show(String line1, String line2) {
        String top = fit(line1, columns);
        String bottom = fit(line2, columns);
        call("displayTextAt", context.callTimeoutMs(), c -> {
            c.displayTextAt(0, 0, top, LineDisplayConst.DISP_DT_NORMAL);
            c.displayTextAt(1, 0, bottom, LineDisplayConst.DISP_DT_NORMAL);
            return null;
        });
    }

    /** The line cut or padded with spaces to the width; control characters become spaces. */
    static String fit(String line, int width) {
        StringBuilder sb = new StringBuilder(width);
        String s = line == null ? "" : line;
        for (int i = 0; i < s.length() && sb.length() < width; i++) {
            char ch = s.charAt(i);
            sb.append(ch < ' ' ? ' ' : ch);
        }
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }
}

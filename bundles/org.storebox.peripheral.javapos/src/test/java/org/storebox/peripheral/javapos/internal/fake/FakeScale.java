package org.storebox.peripheral.javapos.internal.fake;

import jpos.JposConst;
import jpos.JposException;
import jpos.ScaleConst;

/**
 * A scale whose answer the test sets under {@code scale}: {@code stable:<thousandths>},
 * {@code overweight}, {@code underzero} or {@code timeout}.
 */
public class FakeScale extends ScaleStubs {

    public FakeScale() {
        super("Scale");
    }

    @Override
    public void readWeight(int[] weightData, int timeout) throws JposException {
        record("readWeight:" + timeout);
        maybeHang("readWeight");
        checkEnabled();
        String mode = String.valueOf(state.getOrDefault("scale", "stable:0"));
        switch (mode) {
            case "overweight" -> throw new JposException(JposConst.JPOS_E_EXTENDED, ScaleConst.JPOS_ESCAL_OVERWEIGHT, "overweight");
            case "underzero" -> throw new JposException(JposConst.JPOS_E_EXTENDED, ScaleConst.JPOS_ESCAL_UNDER_ZERO, "under zero");
            case "timeout" -> throw new JposException(JposConst.JPOS_E_TIMEOUT, "no stable weight");
            default -> weightData[0] = Integer.parseInt(mode.substring("stable:".length()));
        }
    }

    @Override
    public int getWeightUnit() {
        return ScaleConst.SCAL_WU_KILOGRAM;
    }
}

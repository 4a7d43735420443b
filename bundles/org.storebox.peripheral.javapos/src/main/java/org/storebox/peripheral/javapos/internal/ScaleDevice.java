package org.storebox.peripheral.javapos.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

import jpos.JposConst;
import jpos.JposException;
import jpos.Scale;
import jpos.ScaleConst;
import jpos.config.JposEntry;

import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.Weight;

/**
 * A scale behind a JavaPOS Scale service. readWeight answers in thousandths of the weight unit;
 * the weight is that number with three decimals, exactly.
 */
final class ScaleDevice extends JposDevice<Scale> implements org.storebox.api.peripheral.Scale {
    private volatile String unit = "kg";

    ScaleDevice(String name, JposEntry entry, DeviceContext context) {
        super(name, PeripheralKind.SCALE, entry, context);
    }

    @Override
    protected Scale newControl() {
        return new Scale();
    }

    @Override
    protected void powerNotify(Scale c) throws JposException {
        if (c.getCapPowerReporting() != jpos.JposConst.JPOS_PR_NONE) {
            c.setPowerNotify(jpos.JposConst.JPOS_PN_ENABLED);
        }
    }

    @Override
    protected void listen(Scale control, int gen) {
        control.addStatusUpdateListener(e -> {
            if (current(gen)) {
                powerEvent(gen, e.getStatus());
            }
        });
    }

    @Override
    protected void afterEnable(Scale c) throws JposException {
        unit = unit(c.getWeightUnit());
    }

    static String unit(int weightUnit) {
        return switch (weightUnit) {
            case ScaleConst.SCAL_WU_GRAM -> "g";
            case ScaleConst.SCAL_WU_KILOGRAM -> "kg";
            case ScaleConst.SCAL_WU_OUNCE -> "oz";
            case ScaleConst.SCAL_WU_POUND -> "lb";
            default -> "unit" + weightUnit;
        };
    }

    /** UnifiedPOS weight data (thousandths of the unit) as an exact decimal, for example 1250 as 1.250. */
    static BigDecimal weight(int thousandths) {
        return new BigDecimal(BigInteger.valueOf(thousandths), 3);
    }

    @Override
    public Weight weigh(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new PeripheralException(StoreboxException.Kind.INVALID, "a weighing needs a timeout of zero or more");
        }
        int ms = (int) Math.min(Integer.MAX_VALUE - (long) context.callTimeoutMs(), timeout.toMillis());
        String u = unit;
        return call("readWeight", (long) ms + context.callTimeoutMs(), c -> {
            int[] data = new int[1];
            try {
                c.readWeight(data, ms);
            } catch (JposException e) {
                if (e.getErrorCode() == JposConst.JPOS_E_EXTENDED) {
                    switch (e.getErrorCodeExtended()) {
                        case ScaleConst.JPOS_ESCAL_OVERWEIGHT -> {
                            return Weight.of(Weight.State.OVERLOAD);
                        }
                        case ScaleConst.JPOS_ESCAL_UNDER_ZERO -> {
                            return Weight.of(Weight.State.UNDER_ZERO);
                        }
                        case ScaleConst.JPOS_ESCAL_SAME_WEIGHT -> throw new PeripheralException(
                                StoreboxException.Kind.UNAVAILABLE, "The " + what()
                                        + " reports the same weight as before; lift the item and place it again.");
                        default -> throw e;
                    }
                }
                if (e.getErrorCode() == JposConst.JPOS_E_TIMEOUT) {
                    throw new PeripheralException(StoreboxException.Kind.UNAVAILABLE, "The " + what()
                            + " found no stable weight within " + ms + " ms; wait until the item is still and try again.", e);
                }
                throw e;
            }
            return Weight.stable(weight(data[0]), u);
        });
    }

    @Override
    public void zero() {
        call("zeroScale", context.callTimeoutMs(), c -> {
            c.zeroScale();
            return null;
        });
    }
}

package org.storebox.peripheral.javapos.internal;

import java.util.Map;

import jpos.CashDrawer;
import jpos.CashDrawerConst;
import jpos.JposException;
import jpos.config.JposEntry;

import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;

/** A cash drawer behind a JavaPOS CashDrawer service; its open and close reports are drawer events. */
final class DrawerDevice extends JposDevice<CashDrawer> implements org.storebox.api.peripheral.CashDrawer {
    private volatile boolean open;

    DrawerDevice(String name, JposEntry entry, DeviceContext context) {
        super(name, PeripheralKind.DRAWER, entry, context);
    }

    @Override
    protected CashDrawer newControl() {
        return new CashDrawer();
    }

    @Override
    protected void powerNotify(CashDrawer c) throws JposException {
        if (c.getCapPowerReporting() != jpos.JposConst.JPOS_PR_NONE) {
            c.setPowerNotify(jpos.JposConst.JPOS_PN_ENABLED);
        }
    }

    @Override
    protected void listen(CashDrawer control, int gen) {
        control.addStatusUpdateListener(e -> {
            if (!current(gen) || powerEvent(gen, e.getStatus())) {
                return;
            }
            if (e.getStatus() == CashDrawerConst.CASH_SUE_DRAWEROPEN || e.getStatus() == CashDrawerConst.CASH_SUE_DRAWERCLOSED) {
                open = e.getStatus() == CashDrawerConst.CASH_SUE_DRAWEROPEN;
                deviceOnline(gen);
                post(PeripheralEvents.TOPIC_DRAWER, Map.of(PeripheralEvents.OPEN, open));
            }
        });
    }

    @Override
    protected void afterEnable(CashDrawer c) throws JposException {
        open = c.getDrawerOpened();
    }

    @Override
    protected Map<String, String> detail() {
        return Map.of(PeripheralStatus.DETAIL_DRAWER, open ? PeripheralStatus.OPEN : PeripheralStatus.CLOSED);
    }

    @Override
    public void open() {
        call("openDrawer", context.callTimeoutMs(), c -> {
            c.openDrawer();
            return null;
        });
    }

    @Override
    public boolean isOpen() {
        try {
            boolean now = call("getDrawerOpened", context.callTimeoutMs(), CashDrawer::getDrawerOpened);
            open = now;
            return now;
        } catch (PeripheralException e) {
            return false;
        }
    }
}

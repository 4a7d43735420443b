package org.storebox.peripheral.javapos.internal.fake;

import jpos.CashDrawerConst;
import jpos.JposException;
import jpos.events.StatusUpdateEvent;

/** A cash drawer that reports opening; the test closes it with the {@code close} runnable. */
public class FakeDrawer extends CashDrawerStubs {
    private volatile boolean opened;

    public FakeDrawer() {
        super("CashDrawer");
    }

    @Override
    protected void opened() {
        state.put("close", (Runnable) () -> {
            opened = false;
            callbacks.fireStatusUpdateEvent(new StatusUpdateEvent(callbacks.getEventSource(), CashDrawerConst.CASH_SUE_DRAWERCLOSED));
        });
    }

    @Override
    public void openDrawer() throws JposException {
        maybeHang("openDrawer");
        checkEnabled();
        record("openDrawer");
        opened = true;
        callbacks.fireStatusUpdateEvent(new StatusUpdateEvent(callbacks.getEventSource(), CashDrawerConst.CASH_SUE_DRAWEROPEN));
    }

    @Override
    public boolean getDrawerOpened() {
        return opened;
    }
}

package org.storebox.peripheral.javapos.internal.fake;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import jpos.JposConst;
import jpos.JposException;
import jpos.loader.JposServiceInstance;
import jpos.services.BaseService;
import jpos.services.EventCallbacks;

/**
 * A fake vendor JavaPOS device service, loaded by the bridge from a jar in its lib directory. It
 * talks to the test only through JDK types in a shared map (see {@link FakeFactory}): the test sets
 * {@code hang} to a method name to make that method block, ignoring interrupts, until the test
 * completes the future under {@code release}; every call is recorded under {@code calls}.
 */
public abstract class FakeService implements BaseService, JposServiceInstance {
    protected final String category;
    protected Map<String, Object> state;
    protected String logicalName;
    protected EventCallbacks callbacks;
    private boolean open;
    private boolean claimed;
    private boolean enabled;
    private boolean freeze;

    protected FakeService(String category) {
        this.category = category;
    }

    void attach(String logicalName, Map<String, Object> state) {
        this.logicalName = logicalName;
        this.state = state;
    }

    @SuppressWarnings("unchecked")
    protected final void record(String call) {
        ((List<String>) state.get("calls")).add(call);
    }

    /** Blocks like a hung driver when the test asks this method to hang; interrupts do not help. */
    @SuppressWarnings("unchecked")
    protected final void maybeHang(String method) {
        if (!method.equals(state.get("hang"))) {
            return;
        }
        record("hung:" + method);
        CompletableFuture<Void> release = (CompletableFuture<Void>) state.get("release");
        boolean interrupted = false;
        while (true) {
            try {
                release.get();
                break;
            } catch (InterruptedException e) {
                if (!interrupted) {
                    record("interrupted:" + method);
                }
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
    }

    protected final void checkEnabled() throws JposException {
        if (!open) {
            throw new JposException(JposConst.JPOS_E_CLOSED, "not open");
        }
        if (!claimed) {
            throw new JposException(JposConst.JPOS_E_NOTCLAIMED, "not claimed");
        }
        if (!enabled) {
            throw new JposException(JposConst.JPOS_E_DISABLED, "not enabled");
        }
    }

    @Override
    public void open(String name, EventCallbacks cb) throws JposException {
        record("open:" + name);
        maybeHang("open");
        this.callbacks = cb;
        this.open = true;
        opened();
    }

    /** Called after open, to publish the fake's test hooks. */
    protected void opened() {
    }

    @Override
    public void claim(int timeout) throws JposException {
        record("claim:" + timeout);
        maybeHang("claim");
        claimed = true;
    }

    @Override
    public void release() throws JposException {
        record("release");
        claimed = false;
        enabled = false;
    }

    @Override
    public void close() throws JposException {
        record("close");
        open = false;
        claimed = false;
        enabled = false;
    }

    @Override
    public void setDeviceEnabled(boolean on) throws JposException {
        record("setDeviceEnabled:" + on);
        maybeHang("enable");
        if (on && !claimed) {
            throw new JposException(JposConst.JPOS_E_NOTCLAIMED, "claim first");
        }
        enabled = on;
    }

    @Override
    public boolean getDeviceEnabled() {
        return enabled;
    }

    @Override
    public boolean getClaimed() {
        return claimed;
    }

    @Override
    public void checkHealth(int level) throws JposException {
        maybeHang("checkHealth");
        checkEnabled();
    }

    @Override
    public String getCheckHealthText() {
        return "fake " + category + " ok";
    }

    @Override
    public void directIO(int command, int[] data, Object object) {
    }

    @Override
    public String getDeviceServiceDescription() {
        return "storebox test fake " + category;
    }

    @Override
    public int getDeviceServiceVersion() {
        return 1014000;
    }

    @Override
    public boolean getFreezeEvents() {
        return freeze;
    }

    @Override
    public void setFreezeEvents(boolean freeze) {
        this.freeze = freeze;
    }

    @Override
    public String getPhysicalDeviceDescription() {
        return "fake " + category;
    }

    @Override
    public String getPhysicalDeviceName() {
        return "fake " + category;
    }

    @Override
    public int getState() {
        return open ? JposConst.JPOS_S_IDLE : JposConst.JPOS_S_CLOSED;
    }

    @Override
    public void deleteInstance() {
        record("deleteInstance");
    }
}

package org.storebox.peripheral.javapos.internal;

import jpos.JposConst;
import jpos.JposException;
import jpos.config.JposEntry;

/**
 * What {@link BridgeServiceManager} needs to connect the control being opened on this thread: its
 * jpos.xml entry and the vendor class loader. The JCL finds services through a static singleton
 * ({@code JposServiceLoader}), so the bridge hands these over on the thread that calls
 * {@code open}, instead of keeping a registry of devices in a static field.
 */
final class OpenContext {
    private static final ThreadLocal<OpenContext> CURRENT = new ThreadLocal<>();

    final JposEntry entry;
    final VendorClasses vendor;

    private OpenContext(JposEntry entry, VendorClasses vendor) {
        this.entry = entry;
        this.vendor = vendor;
    }

    /** A step that may throw what a JavaPOS control throws. */
    interface JposAction {
        void run() throws JposException;
    }

    /** Runs {@code open} of a control with the entry and class loader it needs. */
    static void open(JposEntry entry, VendorClasses vendor, JposAction open) throws JposException {
        CURRENT.set(new OpenContext(entry, vendor));
        try {
            open.run();
        } finally {
            CURRENT.remove();
        }
    }

    /** The context of the open on this thread, for the logical name the JCL asks for. */
    static OpenContext current(String logicalName) throws JposException {
        OpenContext c = CURRENT.get();
        if (c == null || !c.entry.getLogicalName().equals(logicalName)) {
            throw new JposException(JposConst.JPOS_E_NOEXIST, "the JavaPOS device '" + logicalName
                    + "' can only be opened through the storebox JavaPOS bridge");
        }
        return c;
    }
}

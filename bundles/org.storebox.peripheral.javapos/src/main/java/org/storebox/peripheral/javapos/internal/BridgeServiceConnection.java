package org.storebox.peripheral.javapos.internal;

import jpos.JposConst;
import jpos.JposException;
import jpos.config.JposEntry;
import jpos.loader.JposServiceConnection;
import jpos.loader.JposServiceInstance;
import jpos.loader.JposServiceInstanceFactory;

/**
 * Connects one control to a new instance of its vendor service: through the entry's
 * {@code factoryClass} when it names one, else by the no-argument constructor of its
 * {@code serviceClass}. Unlike the JCL's own connection it caches no factory, so a device that is
 * re-created after a hang gets a fresh instance.
 */
final class BridgeServiceConnection implements JposServiceConnection {
    private final String logicalName;
    private final JposEntry entry;
    private final VendorClasses vendor;
    private JposServiceInstance service;

    BridgeServiceConnection(String logicalName, JposEntry entry, VendorClasses vendor) {
        this.logicalName = logicalName;
        this.entry = entry;
        this.vendor = vendor;
    }

    @Override
    public JposServiceInstance getService() {
        return service;
    }

    @Override
    public String getLogicalName() {
        return logicalName;
    }

    @Override
    public void connect() throws JposException {
        String factoryClass = text(JposEntry.SI_FACTORY_CLASS_PROP_NAME);
        String serviceClass = text(JposEntry.SERVICE_CLASS_PROP_NAME);
        try {
            if (factoryClass != null) {
                Object factory = vendor.load(factoryClass).getConstructor().newInstance();
                if (!(factory instanceof JposServiceInstanceFactory f)) {
                    throw new JposException(JposConst.JPOS_E_NOSERVICE, "the factory class " + factoryClass
                            + " of '" + logicalName + "' is not a jpos.loader.JposServiceInstanceFactory");
                }
                service = f.createInstance(logicalName, entry);
            } else if (serviceClass != null) {
                Object instance = vendor.load(serviceClass).getConstructor().newInstance();
                if (!(instance instanceof JposServiceInstance s)) {
                    throw new JposException(JposConst.JPOS_E_NOSERVICE, "the service class " + serviceClass
                            + " of '" + logicalName + "' is not a jpos.loader.JposServiceInstance");
                }
                service = s;
            } else {
                throw new JposException(JposConst.JPOS_E_NOSERVICE,
                        "the jpos.xml entry '" + logicalName + "' names no factoryClass or serviceClass");
            }
            if (service == null) {
                throw new JposException(JposConst.JPOS_E_NOSERVICE,
                        "the factory " + factoryClass + " created no service for '" + logicalName + "'");
            }
        } catch (JposException e) {
            throw e;
        } catch (ClassNotFoundException e) {
            throw new JposException(JposConst.JPOS_E_NOSERVICE, e.getMessage(), e);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new JposException(JposConst.JPOS_E_NOSERVICE, "the vendor service of '" + logicalName
                    + "' cannot be created: " + e, e instanceof Exception ex ? ex : null);
        }
    }

    @Override
    public void disconnect() throws JposException {
        JposServiceInstance s = service;
        service = null;
        if (s != null) {
            s.deleteInstance();
        }
    }

    private String text(String property) {
        Object v = entry.getPropertyValue(property);
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }
}

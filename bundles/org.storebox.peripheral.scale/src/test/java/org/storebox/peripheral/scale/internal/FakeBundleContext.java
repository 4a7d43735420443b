package org.storebox.peripheral.scale.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A BundleContext that only records service registrations; every other call fails the test. */
final class FakeBundleContext {

    /** One registration: its interfaces, service object and properties, and whether it was withdrawn. */
    static final class Registered {
        final String[] classes;
        final Object service;
        final Dictionary<String, ?> properties;
        volatile boolean unregistered;

        Registered(String[] classes, Object service, Dictionary<String, ?> properties) {
            this.classes = classes;
            this.service = service;
            this.properties = properties;
        }
    }

    final List<Registered> registered = new ArrayList<>();

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class }, (p, m, args) -> {
            if (m.getName().equals("registerService") && args[0] instanceof String[] classes) {
                Registered r = new Registered(classes, args[1], (Dictionary<String, ?>) args[2]);
                registered.add(r);
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ServiceRegistration.class }, (p2, m2, a2) -> {
                    if (m2.getName().equals("unregister")) {
                        r.unregistered = true;
                        return null;
                    }
                    throw new UnsupportedOperationException(m2.getName());
                });
            }
            if (m.getName().equals("toString")) {
                return "FakeBundleContext";
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }
}

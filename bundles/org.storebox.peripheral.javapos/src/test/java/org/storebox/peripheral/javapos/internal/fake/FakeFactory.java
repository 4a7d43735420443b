package org.storebox.peripheral.javapos.internal.fake;

import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jpos.JposConst;
import jpos.JposException;
import jpos.config.JposEntry;
import jpos.loader.JposServiceInstance;
import jpos.loader.JposServiceInstanceFactory;

/**
 * The vendor's service instance factory, as named in jpos.xml's {@code factoryClass}. The state shared
 * with the test lives in the JposEntry (property {@code fake.state}): a map of JDK types, seeded
 * from the entry's {@code fake.*} props, that survives the re-creation of the service.
 */
public class FakeFactory implements JposServiceInstanceFactory {
    public static final String STATE = "fake.state";

    @Override
    public JposServiceInstance createInstance(String logicalName, JposEntry entry) throws JposException {
        String serviceClass = (String) entry.getPropertyValue(JposEntry.SERVICE_CLASS_PROP_NAME);
        try {
            FakeService service = (FakeService) Class.forName(serviceClass, true, FakeFactory.class.getClassLoader())
                    .getConstructor().newInstance();
            service.attach(logicalName, state(entry));
            service.record("created");
            return service;
        } catch (ReflectiveOperationException e) {
            throw new JposException(JposConst.JPOS_E_NOSERVICE, "no fake " + serviceClass, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> state(JposEntry entry) {
        synchronized (entry) {
            Object existing = entry.getPropertyValue(STATE);
            if (existing != null) {
                return (Map<String, Object>) existing;
            }
            Map<String, Object> state = new ConcurrentHashMap<>();
            state.put("calls", new CopyOnWriteArrayList<String>());
            state.put("printed", new CopyOnWriteArrayList<String>());
            state.put("hang", "none");
            state.put("release", new CompletableFuture<Void>());
            // Lets the test check that the bridge loaded this class from the vendor jar, not its own class path.
            state.put("loader", String.valueOf(FakeFactory.class.getClassLoader().getName()));
            for (Enumeration<?> names = entry.getPropertyNames(); names.hasMoreElements();) {
                String name = (String) names.nextElement();
                if (name.startsWith("fake.")) {
                    state.put(name.substring(5), entry.getPropertyValue(name));
                }
            }
            entry.addProperty(STATE, state);
            return state;
        }
    }
}

package org.storebox.peripheral.scale.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Typed configurations for tests: the annotation's defaults, with some values replaced. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** An instance of the config annotation whose methods return {@code values} by method name, else their defaults. */
    static <A> A of(Class<A> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, method, args) -> {
            String m = method.getName();
            if (m.equals("annotationType")) {
                return type;
            }
            if (m.equals("toString")) {
                return type.getSimpleName() + values;
            }
            if (m.equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (m.equals("equals")) {
                return p == args[0];
            }
            return values.containsKey(m) ? values.get(m) : method.getDefaultValue();
        });
        return type.cast(proxy);
    }
}

package org.storebox.uplink.mqtt.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

import org.storebox.api.store.StoreInfo;
import org.storebox.store.internal.H2Database;
import org.storebox.store.internal.StoreConfig;

/** A store in a temporary directory with the real H2 database, for tests. */
final class TestStore implements StoreInfo {
    private final Path directory;
    private final String id;

    TestStore(Path directory, String id) {
        this.directory = directory;
        this.id = id;
    }

    /** Opens the database in this store's directory with the configuration's defaults. */
    H2Database openDatabase() throws Exception {
        return new H2Database(defaults(StoreConfig.class, Map.of("store__id", id)), this);
    }

    /**
     * A configuration annotation answering its defaults, except the given methods (so the tests follow
     * the annotation when it gains attributes).
     */
    @SuppressWarnings("unchecked")
    static <A> A defaults(Class<A> type, Map<String, Object> given) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (given.containsKey(m.getName())) {
                return given.get(m.getName());
            }
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (m.getName().equals("equals")) {
                return p == args[0];
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName() + given;
            }
            Object d = m.getDefaultValue();
            if (d == null) {
                throw new IllegalStateException("no default for " + m.getName());
            }
            return d;
        });
    }

    @Override
    public String storeId() {
        return id;
    }

    @Override
    public Currency currency() {
        return Currency.getInstance("HKD");
    }

    @Override
    public ZoneId zone() {
        return ZoneId.of("Asia/Hong_Kong");
    }

    @Override
    public Locale locale() {
        return Locale.forLanguageTag("zh-HK");
    }

    @Override
    public Path dataDirectory() {
        return directory;
    }

    @Override
    public String version() {
        return "0.0.0.test";
    }
}

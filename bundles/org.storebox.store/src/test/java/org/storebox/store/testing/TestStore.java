package org.storebox.store.testing;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

import org.storebox.api.store.StoreInfo;
import org.storebox.store.internal.H2Database;
import org.storebox.store.internal.StoreConfig;

/** A Hong Kong store in a temporary directory with the real H2 database, for the tests of every bundle. */
public final class TestStore implements StoreInfo {
    private final Path directory;
    private final Currency currency;
    private final String id;

    public TestStore(Path directory, String currency) {
        this(directory, currency, "TEST1");
    }

    public TestStore(Path directory, String currency, String storeId) {
        this.directory = directory;
        this.currency = Currency.getInstance(currency);
        this.id = storeId;
    }

    /** Opens (or reopens) the database in this store's directory with the configuration's defaults. */
    public H2Database openDatabase() throws SQLException {
        return new H2Database(defaults(StoreConfig.class, Map.of("store__id", id, "write__timeout__s", 60)), this);
    }

    /**
     * A configuration annotation answering its defaults, except the given methods (so the tests follow the
     * annotation when it gains attributes).
     */
    @SuppressWarnings("unchecked")
    public static <A> A defaults(Class<A> type, Map<String, Object> given) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (given.containsKey(m.getName())) {
                return given.get(m.getName());
            }
            switch (m.getName()) {
                case "annotationType":
                    return type;
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == args[0];
                case "toString":
                    return type.getSimpleName() + given;
                default:
                    Object d = m.getDefaultValue();
                    if (d == null) {
                        throw new IllegalStateException("no default for " + m.getName());
                    }
                    return d;
            }
        });
    }

    @Override
    public String storeId() {
        return id;
    }

    @Override
    public Currency currency() {
        return currency;
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

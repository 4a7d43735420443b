package org.storebox.webhooks.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;

import org.storebox.api.store.StoreInfo;
import org.storebox.store.internal.H2Database;
import org.storebox.store.internal.StoreConfig;

/** A store in a temporary directory with the real H2 database, for tests. */
final class TestStore implements StoreInfo {
    private final Path directory;
    private final Currency currency;

    TestStore(Path directory, String currency) {
        this.directory = directory;
        this.currency = Currency.getInstance(currency);
    }

    /** Opens (or reopens) the database in this store's directory with the default tuning. */
    H2Database openDatabase() throws SQLException {
        return new H2Database(new Defaults(), this);
    }

    @Override
    public String storeId() {
        return "TEST1";
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

    /** StoreConfig with the annotation's defaults. */
    private static final class Defaults implements StoreConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return StoreConfig.class;
        }

        @Override
        public String store__id() {
            return "TEST1";
        }

        @Override
        public String currency() {
            return "HKD";
        }

        @Override
        public String zone() {
            return "Asia/Hong_Kong";
        }

        @Override
        public String locale() {
            return "zh-HK";
        }

        @Override
        public int compact__mb() {
            return 512;
        }

        @Override
        public int group__max() {
            return 64;
        }

        @Override
        public int reader__threads() {
            return 3;
        }

        @Override
        public int retention__ms() {
            return 1000;
        }

        @Override
        public int write__timeout__s() {
            return 60;
        }
    }
}

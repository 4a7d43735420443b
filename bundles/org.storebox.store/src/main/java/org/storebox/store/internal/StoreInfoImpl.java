package org.storebox.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.storebox.api.store.StoreInfo;

/**
 * The store's identity, read from configuration and the environment once at activation. The data
 * directory comes from the environment only ({@code STOREBOX_DATA}): configuration files live in it.
 */
@Component(configurationPid = StoreConfig.PID)
@Designate(ocd = StoreConfig.class)
public class StoreInfoImpl implements StoreInfo {
    private final String storeId;
    private final Currency currency;
    private final ZoneId zone;
    private final Locale locale;
    private final Path dataDirectory;
    private final String version;

    @Activate
    public StoreInfoImpl(StoreConfig config, BundleContext context) {
        this(config, context.getBundle().getVersion().toString());
    }

    StoreInfoImpl(StoreConfig config, String version) {
        this.storeId = Settings.resolve(config.store__id(), "STOREBOX_STORE_ID", "STORE1");
        if (!storeId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("store id '" + storeId
                    + "' must be 1 to 64 letters, digits, '-' or '_' (it is part of MQTT topics)");
        }
        this.currency = Currency.getInstance(config.currency());
        this.zone = ZoneId.of(config.zone());
        this.locale = Locale.forLanguageTag(config.locale());
        this.dataDirectory = Paths.get(Settings.resolve(null, "STOREBOX_DATA", "data"))
                .toAbsolutePath().normalize();
        this.version = version;
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory, e);
        }
    }

    @Override
    public String storeId() {
        return storeId;
    }

    @Override
    public Currency currency() {
        return currency;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Locale locale() {
        return locale;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String version() {
        return version;
    }
}

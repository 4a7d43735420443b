package org.storebox.api.store;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;

import org.osgi.annotation.versioning.ProviderType;

/** Who this box is: its store id, currency, time zone, locale and data directory. */
@ProviderType
public interface StoreInfo {
    /** The store id used in the MQTT namespace and on every event. */
    String storeId();

    /** The currency every amount on this box is in; amounts carry its minor-unit scale. */
    Currency currency();

    /** The store's time zone: business days and reports are in local time. */
    ZoneId zone();

    /** The store's locale for receipts and reports (for example zh-HK, ms-MY, en-HK). */
    Locale locale();

    /** The data directory (database, secrets, framework cache). */
    Path dataDirectory();

    /** The software version running on the box. */
    String version();
}

package org.storebox.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Identity of the store and tuning of its database. Empty strings fall back to the environment.
 * Configuration keys are snake_case: Declarative Services reads a double underscore in a method
 * name as one underscore in the key (a single one would be a dot), so {@code store__id} is {@code store_id}.
 */
@ObjectClassDefinition(name = "storebox store", description = "The store's identity and its H2 database.")
public @interface StoreConfig {
    String PID = "org.storebox.store";

    @AttributeDefinition(description = "Store id; empty: STOREBOX_STORE_ID, else STORE1.")
    String store__id() default "";

    @AttributeDefinition(description = "ISO 4217 currency of every amount on this box.")
    String currency() default "HKD";

    @AttributeDefinition(description = "Time zone of the store: business days and reports are local.")
    String zone() default "Asia/Hong_Kong";

    @AttributeDefinition(description = "Locale of receipts and reports (BCP 47), for example zh-HK, ms-MY, en-HK.")
    String locale() default "zh-HK";

    @AttributeDefinition(description = "Most writes committed and synced together in one group.")
    int group__max() default 64;

    @AttributeDefinition(description = "Threads that run reads, each with its own connection.")
    int reader__threads() default 3;

    @AttributeDefinition(description = "How long (ms) H2 keeps superseded chunks before reusing their space. "
            + "Every group is fsynced, so a short time is safe; longer times grow the file under load.")
    int retention__ms() default 1000;

    @AttributeDefinition(description = "File size (MB) past which the box compacts its database (a pause that "
            + "follows the live data, about 5 s for 200 MB on a 2-core box, during which writes wait): at the first "
            + "lull of compact_idle_ms without a write within compact_hours, or at once past four times this size. "
            + "The file is append-only while the box runs, for crash safety, and is compacted on every clean stop too.")
    int compact__mb() default 512;

    @AttributeDefinition(description = "Local hours (the store's zone) in which a due compaction may run, as "
            + "HH:MM-HH:MM, the end excluded; 22:00-04:00 spans midnight; empty: any time. Outside them the file "
            + "keeps growing until they begin, or until four times compact_mb.")
    String compact__hours() default "01:00-06:00";

    @AttributeDefinition(description = "How long (ms) no write must arrive before a due compaction runs, so that "
            + "no terminal waits through it while the store is busy.")
    int compact__idle__ms() default 2000;

    @AttributeDefinition(description = "Megabytes of H2's page cache. Small on purpose: the pages of every write pass "
            + "through it, and with a small heap a larger cache made the JVM collect its old generation every few "
            + "seconds under load. Raise it together with -Xmx for large reports on a big catalog.")
    int cache__mb() default 4;

    @AttributeDefinition(description = "How long (s) a caller waits for its write to be confirmed durable.")
    int write__timeout__s() default 30;
}

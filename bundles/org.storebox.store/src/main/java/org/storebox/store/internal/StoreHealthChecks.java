package org.storebox.store.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;

/** Health checks of the store: the database answers and takes writes, and the data disk has room. */
public final class StoreHealthChecks {
    private StoreHealthChecks() {
    }

    /** The database is open, its writer committed its last group and it answers a query. */
    @Component(property = { HealthCheck.NAME + "=database", HealthCheck.TAGS + "=storebox" })
    public static class DatabaseCheck implements HealthCheck {
        private final Database database;

        @Activate
        public DatabaseCheck(@Reference Database database) {
            this.database = database;
        }

        @Override
        public Result execute() {
            return database.healthy() ? new Result(Result.Status.OK, "database answers and commits")
                    : new Result(Result.Status.CRITICAL, "database does not answer or its last commit failed");
        }
    }

    /** Configuration of the disk space check. */
    @ObjectClassDefinition(name = "storebox disk space check")
    public @interface DiskConfig {
        @AttributeDefinition(description = "Free space (MiB) on the data disk below which the box takes no sales.")
        long critical__mib() default 64;

        @AttributeDefinition(description = "Free space (MiB) below which the check warns.")
        long warn__mib() default 1024;
    }

    /** Free space on the disk that holds the data directory. */
    @Component(configurationPid = "org.storebox.store.disk",
            property = { HealthCheck.NAME + "=disk-space", HealthCheck.TAGS + "=storebox" })
    @Designate(ocd = DiskConfig.class)
    public static class DiskSpaceCheck implements HealthCheck {
        private final StoreInfo store;
        private final DiskConfig config;

        @Activate
        public DiskSpaceCheck(@Reference StoreInfo store, DiskConfig config) {
            this.store = store;
            this.config = config;
        }

        @Override
        public Result execute() {
            try {
                FileStore fs = Files.getFileStore(store.dataDirectory());
                long freeMib = fs.getUsableSpace() / (1024 * 1024);
                String msg = freeMib + " MiB free for " + store.dataDirectory();
                if (freeMib < config.critical__mib()) {
                    return new Result(Result.Status.CRITICAL, msg);
                }
                return new Result(freeMib < config.warn__mib() ? Result.Status.WARN : Result.Status.OK, msg);
            } catch (IOException e) {
                return new Result(Result.Status.CRITICAL, "cannot read free space of " + store.dataDirectory() + ": " + e);
            }
        }
    }
}

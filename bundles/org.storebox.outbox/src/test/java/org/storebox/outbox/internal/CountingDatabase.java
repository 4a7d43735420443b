package org.storebox.outbox.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.storebox.api.store.Database;
import org.storebox.api.store.Work;

/** The real database, counting the writes that go through this handle. */
final class CountingDatabase implements Database {
    private final Database db;
    final AtomicInteger writes = new AtomicInteger();

    CountingDatabase(Database db) {
        this.db = db;
    }

    @Override
    public <T> T write(Work<T> work) {
        writes.incrementAndGet();
        return db.write(work);
    }

    @Override
    public <T> T read(Work<T> work) {
        return db.read(work);
    }

    @Override
    public boolean healthy() {
        return db.healthy();
    }

    @Override
    public long fileSize() {
        return db.fileSize();
    }

    @Override
    public boolean compactionDue() {
        return db.compactionDue();
    }
}

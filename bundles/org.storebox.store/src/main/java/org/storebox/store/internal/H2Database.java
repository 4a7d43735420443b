package org.storebox.store.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.api.store.Work;

/**
 * The H2 file database with group commit: one writer thread runs queued writes, many per
 * transaction, each in its own savepoint, then commits and syncs the group with {@code CHECKPOINT
 * SYNC} before any caller is answered. No thread that touches H2 is ever interrupted by this class:
 * H2 documents that an interrupt during file I/O can corrupt the database.
 */
@Component(configurationPid = StoreConfig.PID)
public class H2Database implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(H2Database.class);
    private static final Task<Void> STOP = new Task<>(c -> null);

    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Connection> readerConnection = new ThreadLocal<>();
    private final Path directory;
    private final String url;
    private final int groupMax;
    private final long writeTimeoutMillis;
    /** Readers share it; compaction takes it exclusively while the database is closed and reopened. */
    private final ReentrantReadWriteLock reopening = new ReentrantReadWriteLock();
    private final long compactBytes;
    /** Written by the writer thread only; read by {@link #compactionDue()}. */
    private volatile long compactAt;
    private final int compactIdleMillis;
    private final CompactionHours compactionHours;
    /** The store's local time, for compact_hours. */
    private final Clock clock;
    /** Set by the writer while a due compaction waits for compact_hours. */
    private volatile boolean compactionWaitsForHours;
    private Connection writeConnection;
    private final Thread writer;
    private final ExecutorService readers;
    private volatile boolean open = true;
    private volatile String writerFailure;

    @Activate
    public H2Database(StoreConfig config, @Reference StoreInfo store) throws SQLException {
        this(store.dataDirectory().resolve("db"), config.group__max(), config.reader__threads(),
                config.retention__ms(), config.write__timeout__s(), config.compact__mb(), config.compact__idle__ms(),
                config.cache__mb(), CompactionHours.parse(config.compact__hours()), Clock.system(store.zone()));
    }

    H2Database(Path directory, int groupMax, int readerThreads, int retentionMillis, int writeTimeoutSeconds,
            int compactMegabytes, int compactIdleMillis, int cacheMegabytes, CompactionHours compactionHours, Clock clock)
            throws SQLException {
        if (groupMax < 1 || readerThreads < 1 || retentionMillis < 0 || writeTimeoutSeconds < 1 || compactMegabytes < 1
                || compactIdleMillis < 0 || cacheMegabytes < 1) {
            throw new IllegalArgumentException("group_max, reader_threads, write_timeout_s, compact_mb and cache_mb must "
                    + "be at least 1, retention_ms and compact_idle_ms at least 0");
        }
        this.compactBytes = compactMegabytes * 1024L * 1024L;
        this.compactIdleMillis = compactIdleMillis;
        this.compactionHours = compactionHours;
        this.clock = clock;
        this.compactAt = compactBytes;
        this.directory = directory;
        this.groupMax = groupMax;
        this.writeTimeoutMillis = TimeUnit.SECONDS.toMillis(writeTimeoutSeconds);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + directory, e);
        }
        // The box closes the database itself on deactivate, after the last group is synced.
        // WRITE_DELAY=0 makes every commit store its chunk synchronously. With a delay, H2 hands
        // chunks to background serialization threads, and a CHECKPOINT SYNC can fsync the file
        // before the chunk holding the group reaches it: kill -9 then lost acknowledged sales.
        this.url = "jdbc:h2:file:" + directory.resolve("storebox").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                // A sale runs about fifteen distinct statements: keep them all parsed.
                + ";QUERY_CACHE_SIZE=64"
                // H2 keeps the pages it writes in this cache too, with their rows' JSON documents: under load
                // a large cache holds them just long enough to survive young collections, and the old
                // generation then filled every 2 to 3 s (a full collection of 55-105 ms each time, with -Xmx128m).
                + ";CACHE_SIZE=" + cacheMegabytes * 1024;
        this.retentionMillis = retentionMillis;
        openWriter();
        new Migrations(H2Database.class).migrate(writeConnection);
        writeConnection.setAutoCommit(false);
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(readerThreads, r -> {
            Thread t = new Thread(r, "storebox-db-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.writer = new Thread(this::runWriter, "storebox-db-writer");
        writer.start();
        LOG.info("Database open at {} (group commit up to {} writes, retention {} ms, compaction past {} MB, {})",
                directory, groupMax, retentionMillis, compactMegabytes, compactionHours.anyTime() ? "at any hour"
                        : "within " + compactionHours + " local time");
    }

    private final int retentionMillis;

    private void openWriter() throws SQLException {
        writeConnection = connect();
        try (Statement s = writeConnection.createStatement()) {
            s.execute("SET RETENTION_TIME " + retentionMillis);
        }
        // Append-only chunks. With space reuse, H2 2.5 writes new chunks into freed gaps, and after a
        // kill -9 its recovery sometimes starts from an older chunk and never finds the newer ones:
        // synced, acknowledged groups vanished (in CrashIT, and in 13 of 60 rounds of a plain-H2
        // harness; 0 of 150 with reuse off). Without reuse the file only grows while the box runs, so
        // the writer compacts it when it passes compact_mb and no write waits, and close() does too.
        mvStore().setReuseSpace(false);
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        Connection c = new org.h2.Driver().connect(url, p);
        connections.add(c);
        return c;
    }

    @Override
    public <T> T write(Work<T> work) {
        if (!open) {
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "the box is shutting down and takes no writes; retry in a moment with the same request");
        }
        Task<T> task = new Task<>(work);
        queue.add(task);
        return await(task.future, "write");
    }

    @Override
    public <T> T read(Work<T> work) {
        if (!open) {
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE, "the box is shutting down; retry in a moment");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                reopening.readLock().lock();
                try {
                    Connection c = readerConnection.get();
                    if (c == null || c.isClosed()) {
                        c = connect();
                        readerConnection.set(c);
                    }
                    f.complete(work.run(c));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                } finally {
                    reopening.readLock().unlock();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE, "the box is shutting down; retry in a moment");
        }
        return await(f, "read");
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            LOG.error("Database {} failed", what, cause);
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "the database failed (" + cause.getMessage() + "); nothing of this request was stored", cause);
        } catch (TimeoutException e) {
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE, "the database did not confirm the " + what
                    + " within " + writeTimeoutMillis / 1000 + " s; retry with the same request (it is idempotent)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "interrupted while waiting for the database; retry with the same request");
        }
    }

    private void runWriter() {
        List<Task<?>> group = new ArrayList<>(groupMax);
        boolean stopping = false;
        // Only this thread changes the file (groups and compactions): its size is measured once after each.
        long size = fileSize();
        while (!stopping || !queue.isEmpty()) {
            Task<?> first;
            try {
                if (stopping) {
                    first = queue.poll();
                    if (first == null) {
                        break;
                    }
                } else if (compactionDue(size)) {
                    Duration closed = compactionHours.untilOpen(LocalTime.now(clock));
                    if (closed.isZero()) {
                        // A compaction is due: run it at the first lull, when no terminal waits for it.
                        first = queue.poll(compactIdleMillis, TimeUnit.MILLISECONDS);
                        if (first == null) {
                            compact();
                            size = fileSize();
                            continue;
                        }
                    } else {
                        if (!compactionWaitsForHours) {
                            compactionWaitsForHours = true;
                            LOG.info("A compaction is due (file {} MB, past {} MB); it waits for compact_hours {}, in {} min, "
                                    + "or runs at once past {} MB", size >> 20, compactAt >> 20, compactionHours,
                                    closed.toMinutes(), (4 * compactAt) >> 20);
                        }
                        // Look again when the hours begin, and every minute meanwhile: the clock may be set.
                        first = queue.poll(Math.max(1, Math.min(closed.toMillis(), 60_000)), TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                    }
                } else {
                    first = queue.take();
                }
            } catch (InterruptedException e) {
                // Never interrupted by us; keep serving so no accepted write is dropped.
                continue;
            }
            group.add(first);
            queue.drainTo(group, groupMax - 1);
            if (group.remove(STOP)) {
                stopping = true;
            }
            if (!group.isEmpty()) {
                commitGroup(group);
            }
            group.clear();
            size = fileSize();
            // Under load without a lull, the file must still stay bounded: past four times the threshold, now.
            if (!stopping && writerFailure == null && size > 4 * compactAt) {
                compact();
                size = fileSize();
            }
        }
    }

    /**
     * Closes the database with SHUTDOWN COMPACT, which rewrites it into a fresh file and replaces the
     * old one, then reopens it. Runs on the writer thread between groups, so no write is in flight;
     * readers wait on the lock. Its time follows the live data: 4.5-6.2 s for 160-210 MB on the 2-core reference
     * machine, most of it H2 compressing every live page.
     */
    private void compact() {
        compactionWaitsForHours = false;
        long before = fileSize();
        long started = System.nanoTime();
        reopening.writeLock().lock();
        try {
            try (Statement s = writeConnection.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            connections.removeIf(c -> {
                try {
                    return c.isClosed();
                } catch (SQLException e) {
                    return true;
                }
            });
            openWriter();
            writeConnection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Compacting the database failed; reopening it as it is", e);
            try {
                if (writeConnection.isClosed()) {
                    openWriter();
                    writeConnection.setAutoCommit(false);
                }
                // Do not try again at the same size: the next attempt waits for the file to double.
                compactAt = Math.max(compactAt, fileSize()) * 2;
            } catch (SQLException | RuntimeException again) {
                LOG.error("The database cannot be reopened after a failed compaction; restart the box", again);
                writerFailure = "compaction failed and the database could not be reopened: " + again.getMessage();
            }
            return;
        } finally {
            reopening.writeLock().unlock();
        }
        long after = fileSize();
        // Live data near the threshold would compact after every group: keep the next one well above it.
        compactAt = Math.max(compactBytes, after * 2);
        LOG.info("Database compacted from {} to {} bytes in {} ms", before, after,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void commitGroup(List<Task<?>> group) {
        Object[] results = new Object[group.size()];
        Throwable[] errors = new Throwable[group.size()];
        try {
            for (int i = 0; i < group.size(); i++) {
                Savepoint sp = writeConnection.setSavepoint();
                try {
                    results[i] = group.get(i).work.run(writeConnection);
                } catch (Exception | Error e) {
                    // Even an Error of one work (a failed assertion, a missing class) is that work's
                    // failure alone: the writer thread must live on for every other caller.
                    writeConnection.rollback(sp);
                    errors[i] = e;
                }
            }
            writeConnection.commit();
            try (Statement s = writeConnection.createStatement()) {
                // Writes the committed state as a chunk and fsyncs the file: durable from here on.
                s.execute("CHECKPOINT SYNC");
            }
            writerFailure = null;
        } catch (SQLException | RuntimeException | Error e) {
            LOG.error("A group of {} writes could not be committed; all of them are refused", group.size(), e);
            writerFailure = e.getMessage();
            try {
                writeConnection.rollback();
            } catch (SQLException r) {
                LOG.warn("Rollback after a failed group failed too", r);
            }
            StoreboxException refused = new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "the database could not store this request (" + e.getMessage()
                            + "); nothing of it was stored, retry with the same request");
            group.forEach(t -> t.future.completeExceptionally(refused));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results[i], errors[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result, Throwable error) {
        if (error != null) {
            task.future.completeExceptionally(error);
        } else {
            task.future.complete((T) result);
        }
    }

    @Override
    public boolean healthy() {
        if (!open || writerFailure != null || !writer.isAlive()) {
            return false;
        }
        try {
            return read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeQuery("SELECT 1").next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean compactionDue() {
        return compactionDue(fileSize());
    }

    /** The one test of a due compaction: the writer's, on the size it measured after its last group, and the status's. */
    private boolean compactionDue(long size) {
        return writerFailure == null && size > compactAt;
    }

    boolean compactionWaitsForHours() {
        return compactionWaitsForHours;
    }

    /**
     * The MVStore under the writer's connection. H2 offers no setting for space reuse and does not
     * export its engine packages, so the way there is by reflection over public methods.
     */
    MVStore mvStore() {
        try {
            // getSession() by reflection too: its return type lives in a package H2 does not export.
            JdbcConnection jdbc = writeConnection.unwrap(JdbcConnection.class);
            Object session = JdbcConnection.class.getMethod("getSession").invoke(jdbc);
            Object database = session.getClass().getMethod("getDatabase").invoke(session);
            Object store = database.getClass().getMethod("getStore").invoke(database);
            return (MVStore) store.getClass().getMethod("getMvStore").invoke(store);
        } catch (ReflectiveOperationException | SQLException | ClassCastException e) {
            throw new IllegalStateException("cannot reach H2's MVStore to turn space reuse off; "
                    + "this H2 version is not supported (see the comment in the constructor)", e);
        }
    }

    /** Why the last group failed, or null when the last group committed. */
    String writerFailure() {
        return writerFailure;
    }

    @Override
    public long fileSize() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Finishes every accepted write, then closes and compacts the database; public so tests of other bundles can restart it. */
    public void close() {
        close(true);
    }

    /**
     * Compacts on close when the box stops (this bundle stopping), not when the component only restarts because the
     * store's settings changed (it is open again a moment later): the compaction holds every write for as long as
     * H2 rewrites the live data, and a change of {@code org.storebox.store} restarts it twice (StoreInfo restarts
     * too). Felix SCR passes no deactivation reason (always 0), so the bundle's state tells the two apart.
     */
    @Deactivate
    void deactivate(BundleContext context) {
        close(context.getBundle().getState() == Bundle.STOPPING);
    }

    private void close(boolean compact) {
        open = false;
        queue.add(STOP);
        try {
            // Joining is waiting, not interrupting: the writer finishes every accepted write first.
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdown();
        try {
            if (!readers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Database readers still busy after 30 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (compact) {
            try (Statement s = writeConnection.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            } catch (SQLException e) {
                LOG.warn("Compacting the database on close failed; it stays as it is", e);
            }
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("Closing a database connection failed", e);
            }
        }
        LOG.info(compact ? "Database closed" : "Database closed without compacting (it opens again with the new settings)");
    }

    private static final class Task<T> {
        final Work<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Task(Work<T> work) {
            this.work = work;
        }
    }
}

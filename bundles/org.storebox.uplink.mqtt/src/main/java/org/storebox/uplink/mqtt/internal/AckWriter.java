package org.storebox.uplink.mqtt.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxService;

/**
 * Stores HQ's acknowledgements in the outbox on a thread of its own, so the uplink goes on publishing while the
 * database deletes what HQ holds (hundreds of rows and a sync per acknowledgement; during a drain that write
 * had stopped the uplink about once per batch). Acknowledgements that arrive while one is being stored are
 * stored together, as the highest. One that cannot be stored (the database is busy closing, say) is tried
 * again a second later. Until it is stored, a restart sends those events again, and HQ drops them as
 * duplicates: nothing depends on it but the outbox's size.
 */
final class AckWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AckWriter.class);

    private final OutboxService outbox;
    private final ScheduledExecutorService thread;
    private final AtomicLong wanted = new AtomicLong(-1);
    private final AtomicBoolean queued = new AtomicBoolean();
    /** The highest acknowledgement this writer stored; only its thread writes it. */
    private long stored = -1;

    AckWriter(OutboxService outbox) {
        this.outbox = outbox;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storebox-uplink-ack");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stores {@code upTo} (an event this box wrote) soon, unless a higher one is stored first. */
    void offer(long upTo) {
        wanted.accumulateAndGet(upTo, Math::max);
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::store);
            } catch (RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    private void store() {
        queued.set(false);
        long upTo = wanted.get();
        if (upTo <= stored) {
            return;
        }
        try {
            outbox.acknowledge(upTo);
            stored = upTo;
        } catch (StoreboxException e) {
            LOG.warn("HQ's acknowledgement up to seq {} is not stored yet ({}); trying again in a second", upTo,
                    e.getMessage());
            try {
                thread.schedule(() -> offer(upTo), 1, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopped) {
                LOG.debug("Stopping: acknowledgement up to seq {} left unstored", upTo);
            }
        }
    }

    /** Stores what was offered and waits for it, at most {@code timeoutMs}: before the box reports its backlog. */
    void flush(long timeoutMs) {
        try {
            thread.submit(this::store).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            LOG.debug("Acknowledgements not flushed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stores what was offered (the queued store still runs after shutdown), then stops; never interrupts a write. */
    void close(long timeoutMs) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("The acknowledgement writer did not stop within {} ms; left to finish on its own", timeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.storebox.api.auth.ClientRegistry;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;

/**
 * Waits with a deadline for what the framework does asynchronously (components coming and going
 * after a configuration change or a bundle restart). A probe is tried again on every service event
 * and at least every {@link #RECHECK}; there is no fixed sleep.
 */
final class Await {
    /** How long anything in these tests may take to happen. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The same in milliseconds, for {@code @InjectService(timeout = ...)}. */
    static final long TIMEOUT_MS = 30_000;
    /** Longest pause between two probes when no service event arrives. */
    private static final Duration RECHECK = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Runs the probe until it gives something other than {@code null} or {@code false}, and returns
     * that. A probe that throws is tried again (a service may be going away under it); the last
     * exception is reported when the deadline passes.
     */
    static <T> T until(BundleContext context, String what, Supplier<T> probe) {
        return until(context, () -> what, probe);
    }

    /** As {@link #until(BundleContext, String, Supplier)}, describing what was awaited as it stands at the deadline. */
    static <T> T until(BundleContext context, Supplier<String> what, Supplier<T> probe) {
        Semaphore changed = new Semaphore(0);
        ServiceListener listener = event -> changed.release();
        context.addServiceListener(listener);
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            RuntimeException last = null;
            while (true) {
                try {
                    T value = probe.get();
                    if (value != null && !Boolean.FALSE.equals(value)) {
                        return value;
                    }
                    last = null;
                } catch (RuntimeException e) {
                    last = e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("gave up after " + TIMEOUT.toSeconds() + " s waiting for " + what.get(), last);
                }
                changed.tryAcquire(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for " + what.get(), e);
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /** The best-ranked service of this type that matches the filter, once there is one. */
    static <T> T service(BundleContext context, Class<T> type, String filter) {
        return until(context, type.getSimpleName() + (filter == null ? "" : " matching " + filter), () -> {
            ServiceReference<T> ref = reference(context, type, filter);
            return ref == null ? null : context.getService(ref);
        });
    }

    /** The best-ranked reference of this type that matches the filter, or {@code null}. */
    static <T> ServiceReference<T> reference(BundleContext context, Class<T> type, String filter) {
        try {
            Collection<ServiceReference<T>> refs = context.getServiceReferences(type, filter);
            return refs.stream().max(Comparator.naturalOrder()).orElse(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + filter, e);
        }
    }

    /**
     * Waits until every storebox service a terminal needs is registered again, so that the next
     * test starts on a settled framework after one that restarted or reconfigured components.
     */
    static void storeboxServices(BundleContext context) {
        for (Class<?> type : new Class<?>[] { Database.class, StoreInfo.class, CatalogService.class,
                StockService.class, OutboxService.class, SaleService.class, ClientRegistry.class }) {
            until(context, type.getSimpleName() + " registered", () -> reference(context, type, null));
        }
        until(context, "the storebox Gogo commands registered", () -> {
            try {
                return context.getServiceReferences((String) null, "(osgi.command.scope=storebox)");
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

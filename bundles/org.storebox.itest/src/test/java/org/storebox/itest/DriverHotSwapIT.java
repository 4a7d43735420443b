package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.ReceiptPrinter;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockService;

/**
 * Hot swap of a driver while the store sells: terminals sell without pause while the ESC/POS driver
 * bundle is updated (and once stopped and started) several times; no sale may fail, and the printer,
 * a real socat pseudo-terminal with a printer that answers ESC/POS status queries, must be back
 * online within 2 s of each update. Prints its figures.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class DriverHotSwapIT {
    private static final String DRIVER = "org.storebox.peripheral.escpos";
    private static final long ONLINE_WITHIN_MS = 2000;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = Await.TIMEOUT_MS)
    ConfigurationAdmin configAdmin;
    @InjectService(timeout = Await.TIMEOUT_MS)
    CatalogService catalog;
    @InjectService(timeout = Await.TIMEOUT_MS)
    StockService stock;
    @InjectService(timeout = Await.TIMEOUT_MS)
    SaleService sales;

    @Test
    void salesNeverFailAndThePrinterIsBackWithinTwoSecondsOfEachUpdate() throws Exception {
        Path dir = Files.createTempDirectory("hotswap");
        Path dev = dir.resolve("printer");
        Path sim = dir.resolve("printer-sim");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dev, "pty,raw,echo=0,link=" + sim)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        AtomicBoolean selling = new AtomicBoolean(true);
        Thread printer = null;
        Thread terminal = null;
        Configuration config = null;
        try {
            Await.until(context, "socat's pseudo-terminals", () -> Files.exists(dev) && Files.exists(sim));
            printer = new Thread(() -> answerStatusQueries(sim), "escpos-status-answerer");
            printer.setDaemon(true);
            printer.start();

            String name = "hotswap-" + UUID.randomUUID().toString().substring(0, 8);
            config = configAdmin.getFactoryConfiguration("org.storebox.peripheral.escpos.printer", name, "?");
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("name", name);
            p.put("port", dev.toString());
            p.put("status_poll_ms", 100);
            p.put("response_timeout_ms", 500);
            config.update(p);
            String filter = "(peripheral.name=" + name + ")";
            Await.until(context, name + " online", () -> online(filter));

            String sku = Shop.newSku("SWAP");
            catalog.put(Shop.product(sku, "Hot swap tea", "5.00"));
            stock.receive(Shop.receipt(sku, 1_000_000));
            AtomicLong sold = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            terminal = new Thread(() -> {
                while (selling.get()) {
                    try {
                        if (!sales.sell("lane-swap", Shop.cashSale(UUID.randomUUID().toString(), sku, 1, "5.00")).created) {
                            throw new AssertionError("a new sale id was answered as a repeat");
                        }
                        sold.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            }, "hotswap-terminal");
            terminal.start();
            Await.until(context, "the first sales", () -> sold.get() > 10);

            Bundle driver = bundle(DRIVER);
            List<Long> backOnline = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long before = sold.get();
                long t0 = System.nanoTime();
                if (i == 5) {
                    driver.stop();
                    Await.until(context, "the printer gone with its driver", () -> !present(filter));
                    t0 = System.nanoTime();
                    driver.start();
                } else {
                    driver.update();
                }
                Await.until(context, name + " online after update " + (i + 1), () -> online(filter));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                backOnline.add(ms);
                assertTrue(ms <= ONLINE_WITHIN_MS, "the printer must be online within " + ONLINE_WITHIN_MS
                        + " ms of update " + (i + 1) + ", took " + ms + " ms");
                long progressed = before;
                Await.until(context, "sales going on after update " + (i + 1),
                        () -> failure.get() != null || sold.get() > progressed + 5);
                assertEquals(null, failure.get(), "a sale failed during the updates");
            }
            selling.set(false);
            terminal.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(null, failure.get(), "a sale failed during the updates");
            System.out.printf("DriverHotSwapIT: %d sales, 0 failed, while %s was updated 5 times and restarted once; "
                    + "printer back online after %s ms (limit %d ms)%n", sold.get(), DRIVER, backOnline, ONLINE_WITHIN_MS);
        } finally {
            selling.set(false);
            if (terminal != null) {
                terminal.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (config != null) {
                config.delete();
            }
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
            if (printer != null) {
                printer.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    /** A printer that is always fine: answers every real-time status query (DLE EOT n) with 0x12. */
    private static void answerStatusQueries(Path sim) {
        try (InputStream in = Files.newInputStream(sim); OutputStream out = Files.newOutputStream(sim, java.nio.file.StandardOpenOption.WRITE)) {
            int state = 0;
            for (int b; (b = in.read()) >= 0;) {
                if (state == 0 && b == 0x10) {
                    state = 1;
                } else if (state == 1 && b == 0x04) {
                    state = 2;
                } else if (state == 2 && b >= 1 && b <= 4) {
                    // Fixed bits 1 and 4 set, nothing else: online, cover closed, paper present, no error.
                    out.write(0x12);
                    out.flush();
                    state = 0;
                } else {
                    state = b == 0x10 ? 1 : 0;
                }
            }
        } catch (IOException e) {
            // socat stopped: the printer is unplugged for good.
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private boolean present(String filter) {
        try {
            return !context.getServiceReferences(ReceiptPrinter.class, filter).isEmpty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private boolean online(String filter) {
        Collection<ServiceReference<ReceiptPrinter>> refs;
        try {
            refs = context.getServiceReferences(ReceiptPrinter.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        for (ServiceReference<ReceiptPrinter> r : refs) {
            ReceiptPrinter p = context.getService(r);
            try {
                if (p != null && p.status().state() == PeripheralStatus.State.ONLINE) {
                    return true;
                }
            } finally {
                context.ungetService(r);
            }
        }
        return false;
    }
}

package org.storebox.peripherals.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.osgi.framework.Constants;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.catalog.Product;
import org.storebox.api.peripheral.BarcodeScanner;
import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.LineDisplay;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.ReceiptPrinter;
import org.storebox.api.peripheral.Scale;
import org.storebox.api.peripheral.SelfTest;
import org.storebox.api.peripheral.Weight;
import org.storebox.api.sale.Receipt;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleService;

/** In-test devices implementing the peripheral API, a settable configuration and clock, and catalog and sales doubles. */
final class Fakes {
    private Fakes() {
    }

    /** The configuration with the annotation's defaults unless a test changes a field. */
    static final class Config implements PeripheralsConfig {
        int callTimeoutMs = 300;
        int printTimeoutMs = 300;
        int weighTimeoutMs = 2000;
        int drawerOpenAlertS = 120;
        String receiptUrlBase = "";
        int eventsBuffer = 5;

        @Override
        public Class<? extends Annotation> annotationType() {
            return PeripheralsConfig.class;
        }

        @Override
        public int call__timeout__ms() {
            return callTimeoutMs;
        }

        @Override
        public int print__timeout__ms() {
            return printTimeoutMs;
        }

        @Override
        public int weigh__timeout__ms() {
            return weighTimeoutMs;
        }

        @Override
        public int drawer__open__alert__s() {
            return drawerOpenAlertS;
        }

        @Override
        public String receipt__url__base() {
            return receiptUrlBase;
        }

        @Override
        public int events__buffer() {
            return eventsBuffer;
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static long nextId = 100;

    /** Service properties as a driver registers them. */
    static Map<String, Object> props(String name, PeripheralKind kind, String driver, int ranking) {
        Map<String, Object> p = new HashMap<>();
        p.put(Peripheral.PROP_NAME, name);
        p.put(Peripheral.PROP_KIND, kind.wire());
        p.put(Peripheral.PROP_DRIVER, driver);
        p.put(Constants.SERVICE_ID, nextId++);
        p.put(Constants.SERVICE_RANKING, ranking);
        return p;
    }

    /** Common behaviour: a settable status and self-test. */
    abstract static class Base implements Peripheral {
        final String name;
        volatile PeripheralStatus status = PeripheralStatus.online(Map.of());
        volatile SelfTest selfTest = new SelfTest(true, "answered");

        Base(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public PeripheralStatus status() {
            return status;
        }

        @Override
        public SelfTest selfTest() {
            return selfTest;
        }
    }

    static final class Printer extends Base implements ReceiptPrinter {
        final List<PrintDocument> printed = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;
        int columns = 42;

        Printer(String name) {
            super(name);
        }

        @Override
        public PeripheralKind kind() {
            return PeripheralKind.PRINTER;
        }

        @Override
        public int columns() {
            return columns;
        }

        @Override
        public void print(PrintDocument document) {
            if (failure != null) {
                throw failure;
            }
            printed.add(document);
        }
    }

    static final class Drawer extends Base implements CashDrawer {
        int opened;

        Drawer(String name) {
            super(name);
        }

        @Override
        public PeripheralKind kind() {
            return PeripheralKind.DRAWER;
        }

        @Override
        public synchronized void open() {
            opened++;
        }

        @Override
        public boolean isOpen() {
            return opened > 0;
        }
    }

    static final class ScaleDevice extends Base implements Scale {
        volatile Weight weight = Weight.stable(new BigDecimal("0.345"), "kg");
        volatile Duration askedTimeout;
        volatile int zeroed;

        ScaleDevice(String name) {
            super(name);
        }

        @Override
        public PeripheralKind kind() {
            return PeripheralKind.SCALE;
        }

        @Override
        public Weight weigh(Duration timeout) {
            askedTimeout = timeout;
            return weight;
        }

        @Override
        public void zero() {
            zeroed++;
        }
    }

    static final class Display extends Base implements LineDisplay {
        final List<String> shown = new CopyOnWriteArrayList<>();

        Display(String name) {
            super(name);
        }

        @Override
        public PeripheralKind kind() {
            return PeripheralKind.DISPLAY;
        }

        @Override
        public int columns() {
            return 20;
        }

        @Override
        public void show(String line1, String line2) {
            shown.add(line1 + "|" + line2);
        }
    }

    static final class Scanner extends Base implements BarcodeScanner {
        Scanner(String name) {
            super(name);
        }

        @Override
        public PeripheralKind kind() {
            return PeripheralKind.SCANNER;
        }
    }

    /** A driver whose every call throws. */
    static final class Throwing extends Base implements BarcodeScanner {
        Throwing(String name) {
            super(name);
        }

        @Override
        public PeripheralKind kind() {
            return PeripheralKind.SCANNER;
        }

        @Override
        public PeripheralStatus status() {
            throw new IllegalStateException("port table corrupt");
        }

        @Override
        public SelfTest selfTest() {
            throw new IllegalStateException("port table corrupt");
        }
    }

    /** A driver whose status and self-test block until the test releases them. */
    static final class Hanging extends Base implements ReceiptPrinter {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        Hanging(String name) {
            super(name);
        }

        private void hang() {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public PeripheralKind kind() {
            return PeripheralKind.PRINTER;
        }

        @Override
        public PeripheralStatus status() {
            hang();
            return super.status();
        }

        @Override
        public SelfTest selfTest() {
            hang();
            return super.selfTest();
        }

        @Override
        public int columns() {
            return 42;
        }

        @Override
        public void print(PrintDocument document) {
            hang();
        }
    }

    /** A sale with a receipt. */
    static Sale sale(String id, String... lines) {
        Sale s = new Sale();
        s.id = id;
        s.kind = "sale";
        s.status = "completed";
        s.receipt = new Receipt();
        s.receipt.width = 42;
        s.receipt.lines = new ArrayList<>(List.of(lines));
        return s;
    }

    static SaleService sales(Sale... known) {
        Map<String, Sale> byId = new HashMap<>();
        for (Sale s : known) {
            byId.put(s.id, s);
        }
        return (SaleService) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] { SaleService.class }, (p, m, a) -> {
            if (m.getName().equals("get")) {
                return Optional.ofNullable(byId.get((String) a[0]));
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    static CatalogService catalog(Product... products) {
        return (CatalogService) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] { CatalogService.class },
                (p, m, a) -> {
                    if (m.getName().equals("findByBarcode")) {
                        for (Product pr : products) {
                            if (pr.barcodes.contains((String) a[0])) {
                                return Optional.of(pr);
                            }
                        }
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    static Product product(String sku, String name, String price, String barcode) {
        Product p = new Product();
        p.sku = sku;
        p.name = name;
        p.price = new BigDecimal(price);
        p.barcodes.add(barcode);
        return p;
    }
}

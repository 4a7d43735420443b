package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.itest.Shop.assertAmount;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.catalog.TaxClass;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleLine;
import org.storebox.api.sale.SaleService;
import org.storebox.api.stock.StockService;

/**
 * Configuration changes reach the running components: a Malaysian-style set-up (10 % tax added on
 * top, cash rounded to 0.05) applied through ConfigAdmin, then taken back.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ConfigurationIT {
    static final String TAX_PID = "org.storebox.catalog.tax";
    static final String SALES_PID = "org.storebox.sales";
    /** A PID no component uses: its configuration events mark how far ConfigAdmin has got. */
    static final String MARKER_PID = "org.storebox.itest.marker";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = Await.TIMEOUT_MS)
    ConfigurationAdmin configAdmin;

    /** The configurations as they were before the test, by PID ({@code null}: there was none). */
    private final Map<String, Dictionary<String, Object>> before = new LinkedHashMap<>();
    /** What the components showed of the keys this test sets before it set them. */
    private final Map<Class<?>, Map<String, Object>> shownBefore = new LinkedHashMap<>();

    @BeforeEach
    void remember() throws Exception {
        before.put(TAX_PID, current(TAX_PID));
        before.put(SALES_PID, current(SALES_PID));
        shownBefore.put(CatalogService.class, shown(CatalogService.class, "classes", "prices_include_tax"));
        shownBefore.put(SaleService.class, shown(SaleService.class, "cash_rounding"));
    }

    @Test
    void taxAndCashRoundingFollowTheConfiguration() throws Exception {
        Map<String, Object> tax = Map.of("classes", new String[] { "standard=0.10" }, "prices_include_tax", Boolean.FALSE);
        Map<String, Object> rounding = Map.of("cash_rounding", "0.05");
        configuration(TAX_PID).update(new Hashtable<>(tax));
        configuration(SALES_PID).update(new Hashtable<>(rounding));
        awaitConfigurationEventsDelivered();

        // DS publishes a component's configuration as its service properties: wait for registrations
        // that carry the new values, the catalog first, since the sales component binds to it.
        CatalogService catalog = Await.until(context, "the catalog to show standard tax at 10 % added on top", () -> {
            CatalogService c = serviceShowing(CatalogService.class, tax);
            TaxClass standard = c == null ? null : c.taxClass("standard").orElse(null);
            return standard != null && standard.rate.compareTo(new BigDecimal("0.10")) == 0 && !standard.inclusive
                    ? c : null;
        });
        SaleService sales = Await.until(context, "the sales component with cash rounding 0.05",
                () -> serviceShowing(SaleService.class, rounding));
        // Stock binds the catalog too: take the one that came back with the new catalog.
        StockService stock = Await.service(context, StockService.class, null);

        String sku = Shop.newSku("CONF");
        catalog.put(Shop.product(sku, "Teh tarik sachets", "10.38"));
        stock.receive(Shop.receipt(sku, 5));
        Sale sale = sales.sell("lane-it-2", Shop.cashSale(UUID.randomUUID().toString(), sku, 2, "25.00")).sale;

        SaleLine line = sale.lines.get(0);
        assertAmount("0.10", line.taxRate, "line tax rate");
        assertFalse(line.taxInclusive, "the tax is added on top of the price");
        assertAmount("20.76", sale.subtotal, "subtotal (2 x 10.38)");
        assertAmount("2.08", sale.tax, "10 % tax on 20.76, rounded half up");
        assertAmount("22.84", sale.total, "total with the tax added");
        // 0.05 rounds 22.84 up to 22.85; the default HKD step of 0.10 would have given 22.80.
        assertAmount("22.85", sale.amountDue, "amount due, cash rounded to 0.05");
        assertAmount("0.01", sale.rounding, "cash rounding");
        assertAmount("2.15", sale.change, "change from 25.00");
        assertTrue(sales.trialBalance().balanced, "the journal balances with tax and rounding");
    }

    @AfterEach
    void restore() throws Exception {
        for (Map.Entry<String, Dictionary<String, Object>> e : before.entrySet()) {
            if (e.getValue() != null) {
                configuration(e.getKey()).update(e.getValue());
            } else {
                Configuration c = existing(e.getKey());
                if (c != null) {
                    c.delete();
                }
            }
        }
        awaitConfigurationEventsDelivered();
        // The next test must not meet a component that is about to be replaced.
        shownBefore.forEach((type, shown) -> Await.until(context, type.getSimpleName() + " back on its earlier settings",
                () -> serviceShowing(type, shown)));
        Await.storeboxServices(context);
        Configuration marker = existing(MARKER_PID);
        if (marker != null) {
            marker.delete();
        }
    }

    /**
     * Returns once ConfigAdmin has handed every earlier configuration event to its listeners, DS
     * among them: ConfigAdmin delivers events in order, so a marker configuration's event arriving
     * means the ones before it have been dealt with.
     */
    private void awaitConfigurationEventsDelivered() throws Exception {
        String token = UUID.randomUUID().toString();
        CountDownLatch seen = new CountDownLatch(1);
        ConfigurationListener listener = event -> {
            if (MARKER_PID.equals(event.getPid()) && event.getType() == ConfigurationEvent.CM_UPDATED) {
                seen.countDown();
            }
        };
        ServiceRegistration<ConfigurationListener> registration = context.registerService(ConfigurationListener.class,
                listener, null);
        try {
            configuration(MARKER_PID).update(new Hashtable<>(Map.of("token", token)));
            Await.until(context, "ConfigAdmin to deliver its configuration events", () -> seen.getCount() == 0);
        } finally {
            registration.unregister();
        }
    }

    /** The registered service whose properties show these values ({@code null}: the key is absent). */
    private <T> T serviceShowing(Class<T> type, Map<String, Object> values) {
        try {
            for (ServiceReference<T> ref : context.getServiceReferences(type, null)) {
                if (values.entrySet().stream().allMatch(v -> Objects.deepEquals(v.getValue(), ref.getProperty(v.getKey())))) {
                    return context.getService(ref);
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the registered service shows of these keys now ({@code null} values for absent keys). */
    private Map<String, Object> shown(Class<?> type, String... keys) {
        ServiceReference<?> ref = Await.until(context, type.getSimpleName() + " registered",
                () -> Await.reference(context, type, null));
        Map<String, Object> values = new HashMap<>();
        for (String key : keys) {
            values.put(key, ref.getProperty(key));
        }
        return values;
    }

    private Configuration configuration(String pid) throws IOException {
        // "?": a multi-location binding, so the configuration reaches whichever bundle holds the PID.
        return configAdmin.getConfiguration(pid, "?");
    }

    private Configuration existing(String pid) throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
        return found == null ? null : found[0];
    }

    private Dictionary<String, Object> current(String pid) throws Exception {
        Configuration c = existing(pid);
        return c == null ? null : c.getProperties();
    }
}

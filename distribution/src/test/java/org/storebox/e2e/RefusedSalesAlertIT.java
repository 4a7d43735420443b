package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Response;

/** A terminal whose sales the box keeps refusing is an alert for the manager, with the last reason. */
class RefusedSalesAlertIT {

    @Test
    void aTerminalWithManyRefusedSalesIsAnAlert() throws Exception {
        try (Appliance box = Appliance.builder("refused").config("org.storebox.alerts", "interval_s=1").start()) {
            Store store = new Store(box);
            String quiet = store.terminalToken("lane-quiet");
            String noisy = store.terminalToken("lane-noisy");
            for (int i = 0; i < 11; i++) {
                Response r = box.call("POST", "/api/v1/sales", noisy,
                        sale(newId(), List.of(line("NOPE-" + i, 1)), List.of(cash("50.00"))));
                assertEquals(422, r.status(), r::toString);
            }
            Response once = box.call("POST", "/api/v1/sales", quiet, sale(newId(), List.of(line("NOPE-Q", 1)), List.of(cash("5.00"))));
            assertEquals(422, once.status(), once::toString);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            JsonNode alerts = box.call("GET", "/api/v1/alerts", quiet, null).json();
            while (!alerts.toString().contains("sale.refused_rate") && System.nanoTime() < deadline) {
                box.exitedWithin(Duration.ofMillis(200));
                alerts = box.call("GET", "/api/v1/alerts", quiet, null).json();
            }
            assertTrue(alerts.toString().contains("sale.refused_rate") && alerts.toString().contains("NOPE-10"),
                    "eleven refused sales of one terminal are an alert with the last reason: " + alerts);
            assertEquals(1, alerts.toString().split("sale.refused_rate", -1).length - 1,
                    "one refused sale of another terminal is no alert: " + alerts);
        }
    }
}

package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * HQ sets a store's tax classes over MQTT ({@code tax} command, docs/commands.md): its "ok" comes once the catalog
 * prices with them, so the very next sale is taxed by the new rate, and a command that would drop a class products
 * still name is refused and changes nothing.
 */
class TaxFromHqIT {

    @Test
    void theSaleRightAfterHqsOkIsTaxedByTheNewClasses() throws Exception {
        try (UplinkBrokers.HiveMq broker = new UplinkBrokers.HiveMq(Appliance.freePort())) {
            broker.start();
            try (Appliance box = Appliance.builder("tax-hq").storeId("HK-TAX")
                    .config("org.storebox.uplink.mqtt", UplinkChecks.config(broker.url())).start();
                    HqCommands hq = new HqCommands(broker.url())) {
                Store store = new Store(box);
                store.putProduct("TAX-1", "Kopi", "10.00");
                store.receive("TAX-1", 10);
                String token = store.terminalToken("lane-1");
                JsonNode untaxed = store.sell(token, sale(newId(), List.of(line("TAX-1", 1)), List.of(cash("10.00"))));
                assertEquals("0.00", untaxed.path("tax").asText(), "Hong Kong's default: no tax");

                JsonNode set = hq.command("HK-TAX", "tax", """
                        {"request_id": "%s", "classes": {"standard": "0.10", "exempt": "0"}, "prices_include_tax": false}""");
                assertEquals("ok", set.path("status").asText(), set::toString);
                // No waiting: the answer came once the catalog ran with the new classes.
                JsonNode taxed = store.sell(token, sale(newId(), List.of(line("TAX-1", 1)), List.of(cash("11.00"))));
                assertEquals("1.00", taxed.path("tax").asText(), taxed::toString);
                assertEquals("11.00", taxed.path("total").asText(), taxed::toString);

                JsonNode refused = hq.command("HK-TAX", "tax", """
                        {"request_id": "%s", "classes": {"exempt": "0"}, "prices_include_tax": false}""");
                assertEquals("error", refused.path("status").asText(), refused::toString);
                assertTrue(refused.path("error").asText().contains("products still name tax class standard"),
                        refused::toString);
                JsonNode still = store.sell(token, sale(newId(), List.of(line("TAX-1", 2)), List.of(cash("22.00"))));
                assertEquals("2.00", still.path("tax").asText(), "the refused command changed nothing: " + still);
            }
        }
    }
}

package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * HQ sets a store's tax classes and restock rules over MQTT ({@code tax} and {@code restock-rules} commands,
 * docs/commands.md). The tax command's "ok" comes once the catalog prices with the new classes, so the very next
 * sale is taxed by them; a restock rule from HQ drives the suggestions; a refused command of either kind changes
 * nothing.
 */
class TaxAndRulesFromHqIT {

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

                // 6 on hand now. A rule refused whole (its second part is wrong) leaves no rule behind.
                JsonNode badRules = hq.command("HK-TAX", "restock-rules", """
                        {"request_id": "%s", "mode": "delta", "rules": [{"sku": "TAX-1", "min": 8, "max": 20},
                         {"sku": "TAX-2", "service_level": 1.5}]}""");
                assertEquals("error", badRules.path("status").asText(), badRules::toString);
                assertTrue(badRules.path("error").asText().startsWith("rule 2: service_level 1.5"), badRules::toString);
                JsonNode rules = hq.command("HK-TAX", "restock-rules", """
                        {"request_id": "%s", "mode": "delta", "rules": [{"sku": "TAX-1", "min": 8, "max": 20, "pack_size": 1}]}""");
                assertEquals("ok", rules.path("status").asText(), rules::toString);
                assertEquals(1, rules.path("result").path("created").asInt(), rules::toString);
                String admin = store.admin();
                JsonNode suggestion = box.await("a suggestion for TAX-1 by HQ's rule", Duration.ofSeconds(30),
                        () -> find(box.call("GET", "/api/v1/restock/suggestions", admin, null).json().path("suggestions")),
                        s -> s != null && s.path("qty").asInt() == 14);
                assertEquals("sku:TAX-1", suggestion.path("reasoning").path("rule_scope").asText(), suggestion::toString);
            }
        }
    }

    /** TAX-1's suggestion in a list of them, or null. */
    private static JsonNode find(JsonNode suggestions) {
        for (JsonNode s : suggestions) {
            if ("TAX-1".equals(s.path("sku").asText())) {
                return s;
            }
        }
        return null;
    }
}

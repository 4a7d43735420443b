package org.storebox.restock.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.storebox.api.command.CommandResult;
import org.storebox.api.common.StoreboxException;
import org.storebox.store.testing.FakeConfigAdmin;
import org.storebox.store.testing.FakeSettings;

/** The restock-rules command against ConfigAdmin in memory: rules where the restock service reads them. */
class RulesCommandHandlerTest {
    private final FakeConfigAdmin cm = new FakeConfigAdmin();
    private final RulesCommandHandler handler = new RulesCommandHandler(cm, new FakeSettings(cm));

    private Set<String> scopes() {
        Set<String> out = new TreeSet<>();
        for (FakeConfigAdmin.Config c : cm.configs.values()) {
            Object sku = c.props.get("sku");
            out.add(sku != null ? "sku:" + sku : "category:" + c.props.get("category"));
        }
        return out;
    }

    private Dictionary<String, Object> rule(String scope) {
        for (FakeConfigAdmin.Config c : cm.configs.values()) {
            if (scope.equals("sku:" + c.props.get("sku")) || scope.equals("category:" + c.props.get("category"))) {
                return c.getProperties();
            }
        }
        return null;
    }

    private StoreboxException invalid(String payload) {
        StoreboxException e = assertThrows(StoreboxException.class, () -> handler.handle("r", payload));
        assertEquals(StoreboxException.Kind.INVALID, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void aDeltaCreatesAndReplacesRulesAsFactoryConfigurations() throws Exception {
        // A rule a technician configured by file: replaced in place, not doubled.
        Hashtable<String, Object> own = new Hashtable<>();
        own.put("sku", "HK-TEA-250");
        own.put("pack_size", "6");
        cm.getFactoryConfiguration(RuleConfig.FACTORY_PID, "tea").update(own);

        CommandResult r = handler.handle("r1", "{\"request_id\":\"r1\",\"mode\":\"delta\",\"rules\":["
                + "{\"sku\":\"HK-TEA-250\",\"lead_time_days\":3,\"service_level\":0.97,\"pack_size\":12,\"order_days\":[\"MON\",\"THU\"]},"
                + "{\"category\":\"茶 tea\",\"min\":10,\"max\":40}]}");
        assertEquals(1, r.data.get("created"), r.message);
        assertEquals(1, r.data.get("replaced"));
        assertEquals(Set.of("sku:HK-TEA-250", "category:茶 tea"), scopes());
        Dictionary<String, Object> tea = rule("sku:HK-TEA-250");
        assertEquals(RuleConfig.FACTORY_PID + "~tea", tea.get("service.pid"));
        assertEquals(3, tea.get("lead_time_days"));
        assertEquals("0.97", tea.get("service_level"));
        assertEquals("12", tea.get("pack_size"));
        assertArrayEquals(new String[] {"MON", "THU"}, (String[]) tea.get("order_days"));
        assertEquals("40", rule("category:茶 tea").get("max"));
        assertTrue(((String) rule("category:茶 tea").get("service.pid")).startsWith(RuleConfig.FACTORY_PID + "~hq-category-"));
    }

    @Test
    void aFullSetRemovesEveryRuleItDoesNotList() throws Exception {
        handler.handle("r1", "{\"request_id\":\"r1\",\"mode\":\"delta\",\"rules\":[{\"sku\":\"A\",\"min\":1},{\"sku\":\"B\",\"min\":2}]}");
        CommandResult r = handler.handle("r2", "{\"request_id\":\"r2\",\"mode\":\"full\",\"rules\":[{\"sku\":\"B\",\"min\":3}]}");
        assertEquals(1, r.data.get("removed"), r.message);
        assertEquals(Set.of("sku:B"), scopes());
        assertEquals("3", rule("sku:B").get("min"));
        assertNull(rule("sku:B").get("max"), "a replaced rule is replaced whole: fields left out inherit");

        handler.handle("r3", "{\"request_id\":\"r3\",\"mode\":\"delta\",\"remove\":[{\"sku\":\"B\"}]}");
        assertEquals(Set.of(), scopes());
    }

    @Test
    void aBadRuleRefusesTheWholeCommandByItsPlace() {
        handler.handle("r1", "{\"request_id\":\"r1\",\"mode\":\"delta\",\"rules\":[{\"sku\":\"A\",\"min\":1}]}");
        int updates = cm.updates;
        assertEquals("rule 2: service_level 1.5 must be between 0 and 1 (exclusive), for example 0.95", invalid(
                "{\"request_id\":\"r\",\"mode\":\"delta\",\"rules\":[{\"sku\":\"B\"},{\"sku\":\"C\",\"service_level\":1.5}]}").getMessage());
        assertTrue(invalid("{\"request_id\":\"r\",\"mode\":\"delta\",\"rules\":[{\"sku\":\"B\",\"category\":\"x\"}]}")
                .getMessage().contains("either a sku or a category"));
        assertTrue(invalid("{\"request_id\":\"r\",\"mode\":\"delta\",\"rules\":[{\"sku\":\"B\",\"order_days\":[\"FUNDAY\"]}]}")
                .getMessage().contains("is not a weekday"));
        assertTrue(invalid("{\"request_id\":\"r\",\"mode\":\"delta\",\"rules\":[{\"sku\":\"B\",\"min\":5,\"max\":2}]}")
                .getMessage().contains("min 5 is above max 2"));
        assertTrue(invalid("{\"request_id\":\"r\",\"mode\":\"delta\",\"remove\":[{\"sku\":\"NOPE\"}]}")
                .getMessage().contains("sku:NOPE, which has no rule"));
        assertTrue(invalid("{\"request_id\":\"r\",\"mode\":\"delta\",\"rules\":[{\"sku\":\"B\",\"minimum\":1}]}")
                .getMessage().startsWith("field 'minimum' is not known"));
        assertTrue(invalid("{\"request_id\":\"r\",\"rules\":[]}").getMessage().startsWith("mode is missing"));
        assertEquals(updates, cm.updates, "nothing was written for a refused command");
        assertEquals(Set.of("sku:A"), scopes());
    }

    @Test
    void hqsExamplePayloadApplies() throws Exception {
        String json = Files.readString(Path.of("../../hq/examples/restock-rules.json"));
        CommandResult r = handler.handle("e1", "{\"request_id\":\"e1\"," + json.strip().substring(1));
        assertEquals(2, r.data.get("created"), r.message);
        assertEquals(Set.of("sku:HK-TEA-250", "category:rice"), scopes());
        assertEquals("80", rule("category:rice").get("shelf_capacity"));
    }
}

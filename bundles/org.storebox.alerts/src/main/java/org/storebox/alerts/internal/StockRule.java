package org.storebox.alerts.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.storebox.api.alert.AlertCondition;
import org.storebox.api.alert.AlertRule;
import org.storebox.api.alert.Severity;
import org.storebox.api.store.Database;
import org.storebox.json.Json;

/** Stock-out (on hand zero) and negative stock (more sold than the books held: count it) of active products. */
@Component(property = "alert.rule.name=stock")
public class StockRule implements AlertRule {
    private final Database db;

    @Activate
    public StockRule(@Reference Database db) {
        this.db = db;
    }

    @Override
    public String source() {
        return "stock";
    }

    @Override
    public List<AlertCondition> evaluate() {
        return db.read(c -> {
            List<AlertCondition> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT l.sku, l.on_hand, p.name FROM stock_level l JOIN product p "
                    + "ON p.sku = l.sku WHERE p.active AND l.on_hand <= 0 ORDER BY l.sku");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String sku = rs.getString(1);
                    BigDecimal onHand = rs.getBigDecimal(2).stripTrailingZeros();
                    String qty = onHand.signum() == 0 ? "0" : onHand.toPlainString();
                    String name = rs.getString(3);
                    String params = Json.write(java.util.Map.of("sku", sku, "name", name, "on_hand", qty));
                    if (onHand.signum() < 0) {
                        out.add(new AlertCondition("negative:" + sku, Severity.CRITICAL, "stock.negative", "Stock of " + sku + " (" + name
                                + ") is " + qty + ": more was sold than the books held; count the shelf and post a stock count.", sku, params));
                    } else {
                        out.add(new AlertCondition("out:" + sku, Severity.WARNING, "stock.out", sku + " (" + name
                                + ") is out of stock; receive goods or order it.", sku, params));
                    }
                }
            }
            return out;
        });
    }
}

package org.storebox.restock.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what the rules need from the box's own tables: active products with their on-hand, units
 * sold per day over the window, and which of those days the SKU was out of stock (its on-hand
 * reached zero or below at some moment of the day, found by walking the movement ledger back
 * from today's level).
 */
final class History {
    private History() {
    }

    /** One SKU's inputs; {@code sold[i]} and {@code outOfStock[i]} are for day {@code from + i}. */
    static final class Sku {
        final String sku;
        final String name;
        final String category;
        final double onHand;
        final double[] sold;
        final boolean[] outOfStock;

        Sku(String sku, String name, String category, double onHand, int days) {
            this(sku, name, category, onHand, new double[days], new boolean[days]);
        }

        private Sku(String sku, String name, String category, double onHand, double[] sold, boolean[] outOfStock) {
            this.sku = sku;
            this.name = name;
            this.category = category;
            this.onHand = onHand;
            this.sold = sold;
            this.outOfStock = outOfStock;
        }

        /** The same past days with the product's fields and on-hand as they are now. */
        Sku now(String name, String category, double onHand) {
            return new Sku(sku, name, category, onHand, sold, outOfStock);
        }
    }

    /**
     * The SKUs' history from {@code cached} where it holds them, each with its product fields and on-hand read
     * now; SKUs it lacks are loaded whole (and added to it). Valid because the window ends before today: the
     * days it covers are complete, and their balances follow from today's level less today's movements, which
     * is the same whenever today it is computed. Inactive or unknown SKUs are left out.
     */
    static Map<String, Sku> refresh(Connection c, Map<String, Sku> cached, java.util.Collection<String> skus,
            LocalDate today, int window, ZoneId zone) throws SQLException {
        Map<String, Sku> out = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT p.sku, p.name, p.category, COALESCE(l.on_hand, 0) FROM product p "
                + "LEFT JOIN stock_level l ON l.sku = p.sku WHERE p.active AND p.sku = ANY(?)")) {
            p.setObject(1, skus.toArray(new String[0]));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Sku known = cached.get(rs.getString(1));
                    if (known != null) {
                        out.put(known.sku, known.now(rs.getString(2), rs.getString(3), rs.getDouble(4)));
                    } else {
                        out.put(rs.getString(1), null);
                    }
                }
            }
        }
        for (Map.Entry<String, Sku> e : out.entrySet()) {
            if (e.getValue() == null) {
                Sku loaded = load(c, e.getKey(), today, window, zone).get(e.getKey());
                e.setValue(loaded);
                if (loaded != null) {
                    cached.put(loaded.sku, loaded);
                }
            }
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    /**
     * Loads the inputs of every active SKU, or of one.
     *
     * @param onlySku null for every SKU
     */
    static Map<String, Sku> load(Connection c, String onlySku, LocalDate today, int window, ZoneId zone) throws SQLException {
        LocalDate from = today.minusDays(window);
        Map<String, Sku> out = new LinkedHashMap<>();
        String one = onlySku == null ? "" : " AND p.sku = ?";
        try (PreparedStatement p = c.prepareStatement("SELECT p.sku, p.name, p.category, COALESCE(l.on_hand, 0) FROM product p "
                + "LEFT JOIN stock_level l ON l.sku = p.sku WHERE p.active" + one)) {
            if (onlySku != null) {
                p.setString(1, onlySku);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Sku(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4), window));
                }
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        // Walk each SKU's movements from the newest back: the balance before a movement is the
        // balance after it less its quantity. A day is out of stock when the balance was at or below
        // zero at any moment of it (censored demand), including a day with no movement at all.
        // Units sold on a day are its sale movements less its voids (a sale voided the same day sold nothing).
        double[] minBalance = new double[window];
        java.util.Set<String> touched = new java.util.HashSet<>();
        String current = null;
        double balance = 0;
        int cursor = window;
        try (PreparedStatement p = c.prepareStatement("SELECT sku, qty, at, kind FROM stock_movement WHERE at >= ?"
                + (onlySku == null ? "" : " AND sku = ?") + " ORDER BY sku, id DESC")) {
            p.setTimestamp(1, Timestamp.from(from.atStartOfDay(zone).toInstant()));
            if (onlySku != null) {
                p.setString(2, onlySku);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String sku = rs.getString(1);
                    if (!sku.equals(current)) {
                        finish(out.get(current), minBalance, balance, cursor, touched);
                        current = sku;
                        Sku s = out.get(sku);
                        balance = s == null ? 0 : s.onHand;
                        cursor = window;
                        java.util.Arrays.fill(minBalance, Double.POSITIVE_INFINITY);
                    }
                    int day = (int) (rs.getTimestamp(3).toInstant().atZone(zone).toLocalDate().toEpochDay() - from.toEpochDay());
                    int d = Math.max(day, 0);
                    String kind = rs.getString(4);
                    Sku s = out.get(sku);
                    if (s != null && day >= 0 && day < window && ("SALE".equals(kind) || "VOID".equals(kind))) {
                        s.sold[day] -= rs.getDouble(2);
                    }
                    for (int k = Math.min(cursor, window - 1); k >= d; k--) {
                        minBalance[k] = Math.min(minBalance[k], balance);
                    }
                    balance -= rs.getDouble(2);
                    if (d < window) {
                        minBalance[d] = Math.min(minBalance[d], balance);
                    }
                    cursor = d;
                }
            }
        }
        finish(out.get(current), minBalance, balance, cursor, touched);
        for (Sku s : out.values()) {
            if (!touched.contains(s.sku)) {
                // No movement in the window: the level was today's all along.
                java.util.Arrays.fill(s.outOfStock, s.onHand <= 0);
            }
        }
        return out;
    }

    private static void finish(Sku s, double[] minBalance, double balance, int cursor, java.util.Set<String> touched) {
        if (s == null) {
            return;
        }
        touched.add(s.sku);
        for (int k = Math.min(cursor, minBalance.length - 1); k >= 0; k--) {
            minBalance[k] = Math.min(minBalance[k], balance);
        }
        for (int k = 0; k < minBalance.length; k++) {
            s.outOfStock[k] = minBalance[k] <= 0;
        }
    }
}

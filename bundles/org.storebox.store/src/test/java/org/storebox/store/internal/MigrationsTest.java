package org.storebox.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upgrading a store's database keeps what it holds. */
class MigrationsTest {

    @TempDir
    Path dir;

    @Test
    void version6KeysLinesTendersAndJournalBySaleSequenceAndKeepsEveryRow() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"), "sa", "")) {
            Migrations m = new Migrations(Migrations.class);
            m.migrate(c, 5);
            try (Statement s = c.createStatement()) {
                for (String[] sale : new String[][] { { "a0000000-0000-4000-8000-000000000001", "7" },
                        { "a0000000-0000-4000-8000-000000000002", "9" } }) {
                    s.executeUpdate("INSERT INTO sale(id, kind, status, terminal_id, business_day, created_at, total, tax, "
                            + "discount_total, rounding, points, request_hash, seq, document) VALUES ('" + sale[0] + "', 'sale', "
                            + "'completed', 'lane-1', DATE '2026-11-30', CURRENT_TIMESTAMP, 30, 0, 0, 0, 0, 'h', " + sale[1] + ", '{}')");
                    s.executeUpdate("INSERT INTO sale_line(sale_id, line_no, sku, qty, amount, tax) VALUES ('" + sale[0]
                            + "', 1, 'TEA', 2, 20, 0), ('" + sale[0] + "', 2, 'BUN', 1, 10, 0)");
                    s.executeUpdate("INSERT INTO tender(sale_id, line_no, type, amount) VALUES ('" + sale[0] + "', 1, 'cash', 30)");
                    s.executeUpdate("INSERT INTO journal_entry(document_id, account, debit, credit, at) VALUES ('" + sale[0]
                            + "', 'cash', 30, 0, CURRENT_TIMESTAMP), ('" + sale[0] + "', 'revenue', 0, 30, CURRENT_TIMESTAMP)");
                }
            }
            m.migrate(c);
            assertEquals("9:2:BUN,9:1:TEA,7:2:BUN,7:1:TEA", rows(c, "SELECT sale_seq || ':' || line_no || ':' || sku "
                    + "FROM sale_line ORDER BY sale_seq DESC, line_no DESC"));
            assertEquals("7:cash:30.0000,9:cash:30.0000", rows(c, "SELECT t.sale_seq || ':' || t.type || ':' || t.amount "
                    + "FROM tender t JOIN sale s ON s.seq = t.sale_seq ORDER BY 1"));
            assertEquals("7:a0000000-0000-4000-8000-000000000001,7:a0000000-0000-4000-8000-000000000001,"
                    + "9:a0000000-0000-4000-8000-000000000002,9:a0000000-0000-4000-8000-000000000002",
                    rows(c, "SELECT document_seq || ':' || document_id FROM journal_entry ORDER BY 1"));
            SQLException gone = assertThrows(SQLException.class, () -> rows(c, "SELECT sale_id FROM sale_line"));
            assertEquals(42122, gone.getErrorCode(), "sale_line.sale_id is dropped: " + gone.getMessage());
        }
    }

    @Test
    void version7KeepsNumberingOnKeepsLastReceiptsAndCountsRatesFromTheIndex() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"), "sa", "")) {
            Migrations m = new Migrations(Migrations.class);
            m.migrate(c, 6);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO stock_movement(sku, qty, kind, reference, at) VALUES ('TEA', -1, 'SALE', 'x', CURRENT_TIMESTAMP), "
                        + "('TEA', -2, 'SALE', 'y', CURRENT_TIMESTAMP), ('BUN', 5, 'RECEIPT', 'GR-1', TIMESTAMP WITH TIME ZONE "
                        + "'2026-11-30 10:00:00+08'), ('BUN', 5, 'RECEIPT', 'GR-2', TIMESTAMP WITH TIME ZONE '2026-12-01 10:00:00+08')");
            }
            m.migrate(c, 7);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO stock_movement(sku, qty, kind, reference, at) VALUES ('TEA', 5, 'RECEIPT', 'z', CURRENT_TIMESTAMP)");
            }
            assertEquals("1:x,2:y,3:GR-1,4:GR-2,5:z", rows(c, "SELECT id || ':' || reference FROM stock_movement ORDER BY id"));
            // Each SKU's last receipt, for restock's "arrived after the order?".
            assertEquals("BUN:2026-12-01T02:00:00Z", rows(c, "SELECT sku || ':' || FORMATDATETIME(last_at, 'yyyy-MM-dd''T''HH:mm:ssX', 'en', 'UTC') "
                    + "FROM stock_receipt"));
            assertEquals("16384", rows(c, "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'"));
            String plan = rows(c, "EXPLAIN SELECT terminal_id, kind, status, COUNT(*) FROM sale WHERE business_day = DATE '2026-12-02' "
                    + "GROUP BY terminal_id, kind, status");
            assertTrue(plan.contains("SALE_DAY_TERMINAL"), plan);
        }
    }

    @Test
    void version8IndexesTheDayBySequenceAndStillServesRatesAndZReportsFromIt() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"), "sa", "")) {
            Migrations m = new Migrations(Migrations.class);
            m.migrate(c, 7);
            try (Statement s = c.createStatement()) {
                String[][] sales = { { "1", "lane-2", "sale", "completed" }, { "2", "lane-1", "sale", "voided" },
                        { "3", "lane-2", "return", "completed" }, { "4", "lane-1", "sale", "completed" } };
                for (String[] sale : sales) {
                    s.executeUpdate("INSERT INTO sale(id, kind, status, terminal_id, business_day, created_at, total, tax, "
                            + "discount_total, rounding, points, request_hash, seq, document) VALUES ('a0000000-0000-4000-8000-00000000000"
                            + sale[0] + "', '" + sale[2] + "', '" + sale[3] + "', '" + sale[1] + "', DATE '2026-12-02', CURRENT_TIMESTAMP, "
                            + "10, 0, 0, 0, 0, 'h', " + sale[0] + ", '{}')");
                }
            }
            m.migrate(c);
            String rates = "SELECT terminal_id, kind, status, COUNT(*) FROM sale WHERE business_day = DATE '2026-12-02' "
                    + "GROUP BY terminal_id, kind, status ORDER BY terminal_id, kind, status";
            assertEquals("lane-1:sale:completed:1,lane-1:sale:voided:1,lane-2:return:completed:1,lane-2:sale:completed:1",
                    rows(c, rates.replace("terminal_id, kind, status, COUNT(*)", "terminal_id || ':' || kind || ':' || status || ':' || COUNT(*)")));
            assertTrue(rows(c, "EXPLAIN " + rates).contains("SALE_DAY_SEQ"), rows(c, "EXPLAIN " + rates));
            String zReport = "SELECT kind, status, COUNT(*), SUM(total) FROM sale WHERE terminal_id = 'lane-1' "
                    + "AND business_day = DATE '2026-12-02' GROUP BY kind, status";
            assertTrue(rows(c, "EXPLAIN " + zReport).contains("SALE_DAY_SEQ"), rows(c, "EXPLAIN " + zReport));
            assertEquals("2", rows(c, "SELECT COUNT(*) FROM sale WHERE terminal_id = 'lane-1' AND business_day = DATE '2026-12-02'"));
        }
    }

    private static String rows(Connection c, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.append(out.length() == 0 ? "" : ",").append(r.getString(1));
            }
        }
        return out.toString();
    }
}

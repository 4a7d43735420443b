package org.storebox.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database's file handling: append-only while open, compacted past the threshold and on close. */
class H2DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void keepsChunksAppendOnlyAndCompactsPastTheThresholdWithoutLosingARow() throws Exception {
        H2Database db = new H2Database(dir, 64, 2, 1000, 30, 1);
        assertFalse(db.mvStore().isSpaceReused(), "space reuse must be off: recovery after kill -9 depends on it");
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE filler(id INT PRIMARY KEY, pad VARCHAR(4000))");
            }
            return null;
        });
        long largest = 0;
        String pad = "storebox ".repeat(400);
        for (int i = 0; i < 600; i++) {
            int id = i;
            // Rewrite a small set of rows again and again: little live data, many superseded chunks.
            db.write(c -> {
                try (PreparedStatement p = c.prepareStatement("MERGE INTO filler KEY(id) VALUES (?, ?)")) {
                    p.setInt(1, id % 20);
                    p.setString(2, id + pad);
                    p.executeUpdate();
                }
                return null;
            });
            largest = Math.max(largest, db.fileSize());
            assertEquals(Math.min(id + 1, 20), count(db), "rows after write " + id);
        }
        assertTrue(largest < 4 * 1024 * 1024, "the file must be compacted near the 1 MB threshold, grew to " + largest);
        assertFalse(db.mvStore().isSpaceReused(), "space reuse must stay off after a compaction");
        db.close();
        H2Database again = new H2Database(dir, 64, 2, 1000, 30, 512);
        try {
            assertEquals(20, count(again));
            String last = again.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pad FROM filler WHERE id = 19")) {
                    r.next();
                    return r.getString(1);
                }
            });
            assertEquals(599 + pad, last, "the newest write survives compaction and reopening");
        } finally {
            again.close();
        }
    }

    @Test
    void closeLeavesACompactFile() throws Exception {
        H2Database db = new H2Database(dir, 64, 2, 1000, 30, 512);
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE filler(id INT PRIMARY KEY, pad VARCHAR(4000))");
            }
            return null;
        });
        for (int i = 0; i < 200; i++) {
            int id = i;
            db.write(c -> {
                try (PreparedStatement p = c.prepareStatement("MERGE INTO filler KEY(id) VALUES (?, ?)")) {
                    p.setInt(1, 1);
                    p.setString(2, "x".repeat(2000) + id);
                    p.executeUpdate();
                }
                return null;
            });
        }
        long open = Files.size(dir.resolve("storebox.mv.db"));
        db.close();
        long closed = Files.size(dir.resolve("storebox.mv.db"));
        assertTrue(closed * 4 < open, "close compacts: " + open + " bytes before, " + closed + " after");
    }

    private static long count(H2Database db) {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM filler")) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}

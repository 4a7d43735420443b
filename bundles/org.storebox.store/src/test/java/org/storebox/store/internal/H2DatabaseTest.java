package org.storebox.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.store.testing.Poll;

/** The database's file handling: append-only while open, compacted past the threshold and on close. */
class H2DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void keepsChunksAppendOnlyAndCompactsPastTheThresholdWithoutLosingARow() throws Exception {
        H2Database db = new H2Database(dir, 64, 2, 1000, 30, 1, 0, 4, CompactionHours.ANY_TIME, Clock.systemUTC());
        assertFalse(db.mvStore().isSpaceReused(), "space reuse must be off: recovery after kill -9 depends on it");
        createFiller(db);
        long largest = 0;
        String pad = "storebox ".repeat(400);
        for (int i = 0; i < 600; i++) {
            // Rewrite a small set of rows again and again: little live data, many superseded chunks.
            merge(db, i % 20, i + pad);
            largest = Math.max(largest, db.fileSize());
            assertEquals(Math.min(i + 1, 20), count(db), "rows after write " + i);
        }
        assertTrue(largest < 4 * 1024 * 1024, "the file must be compacted near the 1 MB threshold, grew to " + largest);
        assertFalse(db.mvStore().isSpaceReused(), "space reuse must stay off after a compaction");
        assertEquals(4, db.mvStore().getCacheSize(), "the configured page cache (MB) holds after reopening too");
        db.close();
        H2Database again = new H2Database(dir, 64, 2, 1000, 30, 512, 2000, 4, CompactionHours.ANY_TIME, Clock.systemUTC());
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
    void whileWritesKeepComingACompactionWaitsForALullOrForFourTimesTheThreshold() throws Exception {
        H2Database db = new H2Database(dir, 64, 2, 1000, 30, 1, 500, 4, CompactionHours.ANY_TIME, Clock.systemUTC());
        try {
            createFiller(db);
            String pad = "storebox ".repeat(400);
            long previous = db.fileSize();
            List<Long> shrankFrom = new ArrayList<>();
            long mb = 1024 * 1024;
            // Write until the file was compacted once and has grown past twice the threshold again.
            for (int i = 0; i < 10_000 && (shrankFrom.isEmpty() || previous < 2 * mb); i++) {
                merge(db, i % 20, i + pad);
                long size = db.fileSize();
                if (size < previous) {
                    shrankFrom.add(previous);
                }
                previous = size;
            }
            assertFalse(shrankFrom.isEmpty(), "past four times the threshold the file is compacted even without a lull");
            assertTrue(shrankFrom.stream().allMatch(size -> size > 4 * mb),
                    "no compaction below four times the 1 MB threshold while writes kept coming: " + shrankFrom);
            long busy = db.fileSize();
            assertTrue(busy >= 2 * mb, "the writes must leave the file past the threshold: " + busy);
            Poll.until(Duration.ofSeconds(20), () -> db.fileSize() < busy,
                    () -> "half a second without writes compacts the file: still " + db.fileSize() + " bytes");
            assertEquals(20, count(db), "no row lost in the compactions");
        } finally {
            db.close();
        }
    }

    @Test
    void aDueCompactionWaitsForTheCompactionHoursThenRunsAtTheFirstLullInThem() throws Exception {
        // Noon in Hong Kong, compaction hours 01:00-06:00 there.
        ZoneId hongKong = ZoneId.of("Asia/Hong_Kong");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T04:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return hongKong;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        H2Database db = new H2Database(dir, 64, 2, 1000, 30, 1, 100, 4, CompactionHours.parse("01:00-06:00"), clock);
        try {
            createFiller(db);
            String pad = "storebox ".repeat(400);
            long mb = 1024 * 1024;
            int i = 0;
            while (db.fileSize() < 2 * mb) {
                merge(db, i % 20, i++ + pad);
            }
            long due = db.fileSize();
            assertTrue(due < 4 * mb, "the test must stay below the forced compaction at four times the threshold: " + due);
            Poll.until(Duration.ofSeconds(20), db::compactionWaitsForHours,
                    () -> "past the threshold at noon, the writer must wait for 01:00-06:00");
            assertTrue(db.fileSize() >= due, "no compaction outside the compaction hours: " + db.fileSize() + " < " + due);
            assertTrue(db.compactionDue(), "the status shows the compaction as due");

            now.set(Instant.parse("2026-12-03T18:30:00Z")); // 02:30 in Hong Kong
            merge(db, 0, "within the hours");
            Poll.until(Duration.ofSeconds(20), () -> db.fileSize() < mb,
                    () -> "the first lull within the compaction hours compacts the file: still " + db.fileSize() + " bytes");
            assertFalse(db.compactionWaitsForHours());
            assertFalse(db.compactionDue(), "nothing due after the compaction");
            assertEquals(20, count(db), "no row lost in the compaction");
        } finally {
            db.close();
        }
    }

    @Test
    void closeLeavesACompactFile() throws Exception {
        H2Database db = new H2Database(dir, 64, 2, 1000, 30, 512, 2000, 4, CompactionHours.ANY_TIME, Clock.systemUTC());
        createFiller(db);
        for (int i = 0; i < 200; i++) {
            merge(db, 1, "x".repeat(2000) + i);
        }
        long open = Files.size(dir.resolve("storebox.mv.db"));
        db.close();
        long closed = Files.size(dir.resolve("storebox.mv.db"));
        assertTrue(closed * 4 < open, "close compacts: " + open + " bytes before, " + closed + " after");
    }

    private static void createFiller(H2Database db) {
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE filler(id INT PRIMARY KEY, pad VARCHAR(4000))");
            }
            return null;
        });
    }

    /** Writes one row of the filler table, a new one or over the old one. */
    private static void merge(H2Database db, int id, String pad) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("MERGE INTO filler KEY(id) VALUES (?, ?)")) {
                p.setInt(1, id);
                p.setString(2, pad);
                p.executeUpdate();
            }
            return null;
        });
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

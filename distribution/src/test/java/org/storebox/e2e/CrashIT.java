package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Credentials;
import org.storebox.e2e.Appliance.Response;

/**
 * kill -9 under load, in rounds: 8 terminals post three-line sales, the JVM is killed after a random
 * number of acknowledged sales, the box restarts on the same data, and an audit checks that every
 * acknowledged sale is there with its total, that every sale is whole or absent (stock equals received
 * minus the sales that exist), that the journal balances, and that the outbox holds exactly one event
 * per stored sale (plus the goods receipt) with nothing acknowledged. Unknown outcomes are then retried
 * with the same id, as a terminal would, and must answer 200 (it was stored) or 201 (it was not).
 *
 * <p>{@code -Dstorebox.crash.rounds=N} (default 5), {@code -Dstorebox.crash.seed=S} to replay a run,
 * {@code -Dstorebox.crash.compact.mb=M} (default 4) the database size at which the box compacts.
 */
class CrashIT {
    private static final int TERMINALS = 8;

    @Test
    void everyAcknowledgedSaleSurvivesKillMinus9() throws Exception {
        int rounds = Integer.getInteger("storebox.crash.rounds", 5);
        long seed = Long.getLong("storebox.crash.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        System.out.printf("CrashIT: %d rounds, seed %d (-Dstorebox.crash.seed=%d replays the kill points)%n", rounds, seed, seed);

        // A small compaction threshold, no lull to wait for and no compaction hours, so that some kills land
        // while the box compacts its database.
        int compactMb = Integer.getInteger("storebox.crash.compact.mb", 4);
        try (Appliance box = Appliance.builder("crash").storeId("HK-CRASH")
                .config("org.storebox.store", "compact_mb=" + compactMb, "compact_idle_ms=0", "compact_hours=").start()) {
            Store store = new Store(box);
            List<String> skus = new ArrayList<>();
            Map<String, BigDecimal> received = new LinkedHashMap<>();
            List<Object> receipt = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                String sku = "CR-" + i;
                store.putProduct(sku, "Crash item " + i, (i * 10 % 70 + 10) + ".00");
                skus.add(sku);
                received.put(sku, BigDecimal.valueOf(10_000_000));
                receipt.add(sku);
                receipt.add(10_000_000);
            }
            store.receive(receipt.toArray());
            List<Credentials> terminals = new ArrayList<>();
            for (int i = 0; i < TERMINALS; i++) {
                terminals.add(store.registerTerminal("lane-crash-" + i));
            }
            long baseline = store.lastSeq();
            assertEquals(1, baseline, "before any sale the outbox holds exactly one event, the goods receipt "
                    + "(events written = receipts + stored sales)");

            SaleLoad load = new SaleLoad(box, skus);
            for (int round = 1; round <= rounds; round++) {
                int killAfter = 1 + random.nextInt(1500);
                List<String> tokens = terminals.stream().map(box::token).toList();
                long t0 = System.nanoTime();
                load.start(tokens, killAfter, random.nextLong());
                boolean reached = load.awaitTrigger(Duration.ofSeconds(60));
                load.boxGoingAway();
                box.kill();
                long loadMs = (System.nanoTime() - t0) / 1_000_000;
                load.stopAndJoin(Duration.ofSeconds(90));
                if (!load.unexpected().isEmpty()) {
                    fail("round " + round + ": failures while the box was up: " + load.unexpected().subList(0,
                            Math.min(10, load.unexpected().size())));
                }
                if (!reached) {
                    fail("round " + round + ": " + killAfter + " acknowledged sales did not arrive within 60 s (only "
                            + load.acksThisRun() + "); log " + box.logFile());
                }
                int acksThisRound = load.acksThisRun();

                long r0 = System.nanoTime();
                box.launch();
                long restartMs = (System.nanoTime() - r0) / 1_000_000;
                store.forgetTokens();
                Audit audit = Audit.run(store, load, received, baseline);
                System.out.printf("CrashIT round %d/%d: killed after %d acks (target %d) at %d ms of load; restart %d ms; "
                        + "%d sent in all, %d acknowledged present, unknown outcome: %d stored / %d absent; %s%n",
                        round, rounds, acksThisRound, killAfter, loadMs, restartMs, load.sent().size(),
                        audit.acknowledgedPresent, audit.unknownPresent, audit.unknownAbsent,
                        audit.ok() ? "audit OK" : "AUDIT FAILED");
                int thisRound = round;
                assertTrue(audit.ok(), () -> "round " + thisRound + " (seed " + seed + "): " + audit.report() + "\nlog: " + box.logFile());

                // A terminal that never got its answer retries with the same id and body.
                List<String> retryTokens = terminals.stream().map(box::token).toList();
                for (SaleLoad.Sent s : load.sent().values()) {
                    if (load.acknowledged().containsKey(s.id())) {
                        continue;
                    }
                    boolean stored = audit.existing.contains(s.id());
                    Response r = box.call("POST", "/api/v1/sales", retryTokens.get(s.terminal()), s.body());
                    int expected = stored ? 200 : 201;
                    assertEquals(expected, r.status(), () -> "retry of a sale whose answer was lost in the crash ("
                            + (stored ? "it was stored" : "it was not stored") + "): " + r);
                    JsonNode answer = r.json();
                    load.acknowledge(s.id(), answer);
                }
            }

            Audit last = Audit.run(store, load, received, baseline);
            assertTrue(last.ok(), () -> "after the retries: " + last.report());
            assertEquals(load.sent().size(), last.existing.size(), "every sale is stored exactly once after the retries");
            System.out.printf("CrashIT: %d rounds survived; %d sales stored; final audit OK%n", rounds, last.existing.size());
        }
    }
}

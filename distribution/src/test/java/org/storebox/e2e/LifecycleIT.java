package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.storebox.e2e.Appliance.Credentials;
import org.storebox.e2e.Appliance.Response;

/**
 * SIGTERM under load stops the box within seconds, and a restart on the same data shows every acknowledged sale; new
 * store settings restart the sale path while a terminal sells, which meanwhile gets 503 with Retry-After; a setting
 * the box refuses shows on {@code /health}, and fixing its file brings the box up without a restart; out of memory,
 * the box exits for its service manager to restart it.
 */
class LifecycleIT {

    @Test
    void sigtermUnderLoadStopsCleanlyAndARestartKeepsEverySale() throws Exception {
        try (Appliance box = Appliance.builder("lifecycle").storeId("HK-LIFE").start()) {
            Store store = new Store(box);
            String credentialsBefore = Files.readString(box.adminCredentialsFile());
            List<String> skus = List.of("LC-1", "LC-2", "LC-3", "LC-4", "LC-5", "LC-6");
            Map<String, BigDecimal> received = new LinkedHashMap<>();
            for (String sku : skus) {
                store.putProduct(sku, "Lifecycle " + sku, "3.50");
                received.put(sku, BigDecimal.valueOf(1_000_000));
            }
            Object[] lines = new Object[skus.size() * 2];
            for (int i = 0; i < skus.size(); i++) {
                lines[2 * i] = skus.get(i);
                lines[2 * i + 1] = 1_000_000;
            }
            store.receive(lines);
            List<Credentials> terminals = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                terminals.add(store.registerTerminal("lane-life-" + i));
            }
            long baseline = store.lastSeq();

            // A single sale before the load, compared field by field after the restart.
            JsonNode first = store.sell(box.token(terminals.get(0)),
                    sale(newId(), List.of(line("LC-1", 2)), List.of(cash("10.00"))));

            SaleLoad load = new SaleLoad(box, skus);
            load.sent().put(first.path("id").asText(), new SaleLoad.Sent(0, first.path("id").asText(), Map.of(),
                    Map.of("LC-1", BigDecimal.valueOf(2))));
            load.acknowledge(first.path("id").asText(), first);
            List<String> tokens = terminals.stream().map(box::token).toList();
            load.start(tokens, 200, 42);
            assertTrue(load.awaitTrigger(Duration.ofSeconds(60)), "200 sales acknowledged within 60 s");
            load.boxGoingAway();
            Duration stopTook = box.stop(Duration.ofSeconds(30));
            load.stopAndJoin(Duration.ofSeconds(90));
            assertTrue(load.unexpected().isEmpty(), () -> "failures while the box was up: " + load.unexpected());
            System.out.printf("LifecycleIT: SIGTERM under load: exit %s after %d ms; %d sales acknowledged, %d sent%n",
                    box.exitValue().orElse(null), stopTook.toMillis(), load.acknowledged().size(), load.sent().size());
            assertTrue(stopTook.compareTo(Duration.ofSeconds(10)) < 0,
                    () -> "SIGTERM should stop the box within a few seconds, took " + stopTook.toMillis() + " ms");
            String log = Files.readString(box.logFile());
            assertTrue(log.contains("Stopping: the JVM is shutting down") && log.contains("H2Database - Database closed\n"),
                    () -> "SIGTERM stops the framework, so the database writer finishes, and the file is closed and compacted; log:\n" + box.logTail(15));

            box.launch();
            store.forgetTokens();
            Audit audit = Audit.run(store, load, received, baseline);
            assertTrue(audit.ok(), audit::report);
            assertEquals(load.acknowledged().size(), audit.acknowledgedPresent, "every acknowledged sale is back");

            Response again = box.call("GET", "/api/v1/sales/" + first.path("id").asText(), store.admin(), null);
            assertEquals(first, again.json(), "a sale reads back after a restart exactly as it was answered");
            assertEquals(credentialsBefore, Files.readString(box.adminCredentialsFile()),
                    "a restart keeps the initial admin credentials");
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(box.adminCredentialsFile()), "still mode 600 after a restart");
            String t = box.token(terminals.get(1));
            JsonNode after = store.sell(t, sale(newId(), List.of(line("LC-2", 1)), List.of(cash("3.50"))));
            assertEquals(baseline + audit.existing.size() + 1, after.path("seq").asLong(),
                    "registered terminals keep working and the outbox sequence continues without a gap");

            // The store's settings changed while a terminal sells: the database opens again at once with them, without
            // the compaction of a stop (which would hold the sales for as long as H2 rewrites the live data). In the
            // moment the sale path restarts the terminal gets 503 with Retry-After, never 404, and its retry with the
            // same id goes through.
            int from = Files.readString(box.logFile()).length();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            List<String> refusals = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean selling = new AtomicBoolean(true);
            Thread lane = new Thread(() -> {
                while (selling.get()) {
                    Map<String, Object> s = sale(newId(), List.of(line("LC-3", 1)), List.of(cash("3.50")));
                    for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline;) {
                        Response r = box.call("POST", "/api/v1/sales", t, s);
                        statuses.merge(r.status(), 1, Integer::sum);
                        if (r.status() == 201) {
                            break;
                        }
                        if (r.status() != 503 || r.headers().firstValue("Retry-After").isEmpty()
                                || !r.mediaType().startsWith("application/problem+json")) {
                            refusals.add(r.toString());
                            return;
                        }
                    }
                }
            }, "lane-during-restart");
            lane.start();
            Files.writeString(box.dataDir().resolve("config").resolve("org.storebox.store.cfg"), "compact_hours=02:00-05:00\n");
            box.await("the database open again with compact_hours 02:00-05:00", Duration.ofSeconds(30),
                    () -> readLog(box).substring(from), l -> l.contains("within 02:00-05:00 local time"));
            box.awaitHealthy(Duration.ofSeconds(30));
            int soldBefore = statuses.getOrDefault(201, 0);
            box.await("sales after the restart", Duration.ofSeconds(30), () -> statuses.getOrDefault(201, 0),
                    n -> n > soldBefore + 5 || !refusals.isEmpty());
            selling.set(false);
            lane.join(60_000);
            assertEquals(List.of(), refusals, () -> "while the sale path restarts a terminal gets 503 with Retry-After: " + statuses);
            String bounce = readLog(box).substring(from);
            assertTrue(bounce.contains("Database closed without compacting") && !bounce.contains("H2Database - Database closed\n"),
                    () -> "a restart for new settings does not compact: " + bounce);
            System.out.printf("LifecycleIT: a sale every moment while the sale path restarted: %s%n", statuses);
        }
    }

    @Test
    void aBoxOutOfMemoryExitsSoThatItsServiceManagerRestartsIt() throws Exception {
        // jvm.options as the box is started with, and a heap too small for it: H2 runs out of memory while opening.
        try (Appliance box = Appliance.builder("out-of-memory")
                .jvmOption("@" + Paths.get("jvm.options").toAbsolutePath()).jvmOption("-Xmx12m").build()) {
            box.launchProcess();
            assertTrue(box.exitedWithin(Duration.ofSeconds(60)), () -> "the box exited instead of running on without "
                    + "memory:\n" + box.logTail(20));
            assertEquals(Optional.of(3), box.exitValue(), () -> box.logTail(20));
            assertTrue(box.log().contains("Terminating due to java.lang.OutOfMemoryError"), () -> box.logTail(20));
        }
    }

    @Test
    void aRefusedSettingShowsOnHealthAndFixingItsFileBringsTheBoxUpWithoutARestart() throws Exception {
        try (Appliance box = Appliance.builder("refused-setting").config("org.storebox.store", "compact_hours=night").build()) {
            box.launchProcess();
            Response health = box.await("/health answers 503 naming the refused setting", Duration.ofSeconds(60),
                    () -> {
                        try {
                            return box.call("GET", "/health", null, null);
                        } catch (UncheckedIOException notListeningYet) {
                            return null;
                        }
                    }, r -> r != null && r.status() == 503 && r.body().contains("compact_hours"));
            Map<String, JsonNode> checks = new LinkedHashMap<>();
            health.json().path("checks").forEach(c -> checks.put(c.path("name").asText(), c));
            JsonNode components = checks.get("components");
            assertTrue(components != null && components.path("message").asText().contains("H2Database")
                    && components.path("message").asText().contains(
                            "compact_hours must be two different local times, HH:MM-HH:MM")
                    && components.path("message").asText().contains("got \"night\""),
                    () -> "the components check names the component, what the setting must be and the value given: " + health);
            for (String check : List.of("sales", "database")) {
                JsonNode c = checks.get(check);
                assertTrue(c != null && !List.of("OK", "WARN").contains(c.path("status").asText())
                        && c.path("message").asText().contains("the components check names any that failed"),
                        () -> "without a database there is no sale service, and " + check + " says where to look: " + health);
            }

            Files.writeString(box.dataDir().resolve("config").resolve("org.storebox.store.cfg"), "compact_hours=02:00-05:00\n");
            box.awaitHealthy(Duration.ofSeconds(60));
            Store store = new Store(box);
            store.putProduct("FIX-1", "After the fix", "4.20");
            store.receive("FIX-1", 10);
            JsonNode sold = store.sell(box.token(store.registerTerminal("lane-fix")),
                    sale(newId(), List.of(line("FIX-1", 1)), List.of(cash("5.00"))));
            assertEquals("0.80", sold.path("change").asText(), () -> "the first sale after the fix: " + sold);
        }
    }

    private static String readLog(Appliance box) {
        try {
            return Files.readString(box.logFile());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

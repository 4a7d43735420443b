package org.storebox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.storebox.e2e.Appliance;
import org.storebox.e2e.Appliance.Credentials;
import org.storebox.e2e.Appliance.Response;

/**
 * The sale-path benchmark: launches {@code storebox.jar} with {@code -Xmx128m} and drives the real
 * HTTP API with 1, 8 and 32 concurrent terminals posting three-line sales; measures start-to-first-sale
 * over cold starts, the data file against its live data, and, in the same run, the raw rate of H2
 * single-row insert + commit + {@code CHECKPOINT SYNC} (the box's durability settings) in-process.
 *
 * <p>System properties: {@code storebox.jar}, {@code bench.levels} (1,8,32), {@code bench.seconds}
 * (measured seconds per level, 20), {@code bench.warmup} (seconds before each level, 5), {@code bench.jitWarmup}
 * (seconds of sales at the highest level before the first, 60), {@code bench.coldStarts} (3),
 * {@code bench.xmx} (the box's JVM options, space-separated: -Xmx128m @distribution/jvm.options), {@code bench.h2.seconds} (10), {@code bench.products} (200), {@code bench.jfr}
 * (a file name: record the throughput box with Java Flight Recorder), {@code bench.classArchive} (true: the boxes start
 * with the jar's class-data archive, trained first when the jar has none; the cold starts are timed with and without it).
 */
public final class SaleBenchmark {
    private static final String XMX = System.getProperty("bench.xmx", "-Xmx128m -XX:+UseParallelGC");
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final int JIT_WARMUP = Integer.getInteger("bench.jitWarmup", 60);
    private static final int COLD_STARTS = Integer.getInteger("bench.coldStarts", 3);
    private static final int H2_SECONDS = Integer.getInteger("bench.h2.seconds", 10);
    private static final int PRODUCTS = Integer.getInteger("bench.products", 200);
    private static final boolean CLASS_ARCHIVE = Boolean.parseBoolean(System.getProperty("bench.classArchive", "true"));
    private static final int[] LEVELS = Arrays.stream(System.getProperty("bench.levels", "1,8,32").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();

    private SaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("storebox sale benchmark: jar %s, box JVM %s, levels %s, %d s per level after %d s warm-up, "
                + "%d s of sales before the first level%n", Appliance.defaultJar(), XMX, Arrays.toString(LEVELS), SECONDS, WARMUP,
                JIT_WARMUP);
        System.out.printf("machine: %d cores, java %s (%s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
        if (CLASS_ARCHIVE) {
            long t0 = System.nanoTime();
            Appliance.trainClassArchive(Appliance.defaultJar(), List.of(XMX.trim().split("\\s+")));
            System.out.printf("class-data archive: %s (ready after %d ms)%n", Appliance.classArchive(Appliance.defaultJar()),
                    ms(System.nanoTime() - t0));
        }
        coldStarts();
        Path dbCopy = throughput();
        rawH2(dbCopy);
        fsyncProbe();
    }

    // ------------------------------------------------------------------ start to first sale

    private static Appliance.Builder box(String name, boolean classArchive) {
        Appliance.Builder b = Appliance.builder(name).jvmOptions(XMX);
        return classArchive ? b : b.withoutClassArchive();
    }

    private static void coldStarts() throws IOException {
        System.out.println();
        System.out.println("## Start to first accepted sale (fresh data directory each time)");
        System.out.println("Fresh: launch, poll /health, then admin token, product, receipt, terminal, terminal token, sale. "
                + "Restart (same data, terminal known): a) poll /health, then token and sale; b) no /health: poll token, then sale.");
        System.out.println();
        System.out.println("| start | fresh: /health 200 | fresh: first sale 201 | of which setup calls | restart a: /health 200 | restart a: first sale | restart b: first sale |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int run = 0; run < COLD_STARTS * (CLASS_ARCHIVE ? 2 : 1); run++) {
            // With the class-data archive, alternately without it (as a jar without its archive starts).
            boolean archive = CLASS_ARCHIVE && run % 2 == 0;
            String label = (CLASS_ARCHIVE ? run / 2 + 1 : run + 1) + (archive ? " (archive)" : CLASS_ARCHIVE ? " (no archive)" : "");
            try (Appliance box = box("bench-cold", archive).build()) {
                box.launchProcess();
                long start = box.startedAtNanos();
                long health = pollHealth(box) - start;
                long setup0 = System.nanoTime();
                String admin = box.adminToken();
                call(box, "PUT", "/api/v1/products/COLD-1", admin, Appliance.obj("sku", "COLD-1", "name", "Cold start",
                        "price", "5.00", "barcodes", List.of(), "tax_class", "standard", "active", true), 200, 201);
                call(box, "POST", "/api/v1/stock/receipts", admin, Appliance.obj("reference", "GR-COLD", "lines",
                        List.of(Appliance.obj("sku", "COLD-1", "qty", 100))), 201);
                Response reg = call(box, "POST", "/api/v1/terminals", admin, Appliance.obj("name", "lane-cold"), 201);
                Credentials lane = new Credentials(reg.json().path("client_id").asText(),
                        reg.json().path("client_secret").asText());
                String t = box.token(lane);
                long setup = System.nanoTime() - setup0;
                sale(box, t, "COLD-1");
                long firstSale = System.nanoTime() - start;

                // The same box, restarted on its data: a store opening in the morning.
                box.stop();
                box.launchProcess();
                long start2 = box.startedAtNanos();
                long health2 = pollHealth(box) - start2;
                sale(box, box.token(lane), "COLD-1");
                long firstSale2 = System.nanoTime() - start2;

                // Once more, the way an impatient terminal does it: no /health, just retry until the sale is taken.
                box.stop();
                box.launchProcess();
                long start3 = box.startedAtNanos();
                long firstSale3 = saleWithoutHealth(box, lane) - start3;
                System.out.printf("| %s | %d ms | %d ms | %d ms | %d ms | %d ms | %d ms |%n", label, ms(health), ms(firstSale), ms(setup),
                        ms(health2), ms(firstSale2), ms(firstSale3));
            }
        }
    }

    private static long pollHealth(Appliance box) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (box.call("GET", "/health", null, null, Duration.ofSeconds(2)).status() == 200) {
                    return System.nanoTime();
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            if (box.exitedWithin(Duration.ofMillis(2))) {
                throw new IllegalStateException("the box exited; log " + box.logFile());
            }
        }
        throw new IllegalStateException("no healthy box within 60 s; log " + box.logFile());
    }

    /** Polls token + sale (not /health) until a sale is accepted; returns the nanoTime of the 201. */
    private static long saleWithoutHealth(Appliance box, Credentials lane) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String token = null;
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = Appliance.obj("id", id, "lines", List.of(Appliance.obj("sku", "COLD-1", "qty", 1)),
                "tenders", List.of(Appliance.obj("type", "cash", "amount", "5.00")));
        while (System.nanoTime() < deadline) {
            try {
                if (token == null) {
                    Response t = box.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", lane.clientId(),
                            "client_secret", lane.clientSecret()), null);
                    if (t.status() == 200) {
                        token = t.json().path("access_token").asText();
                    }
                }
                if (token != null) {
                    int st = box.call("POST", "/api/v1/sales", token, body, Duration.ofSeconds(10)).status();
                    if (st == 201 || st == 200) {
                        return System.nanoTime();
                    }
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            if (box.exitedWithin(Duration.ofMillis(2))) {
                throw new IllegalStateException("the box exited; log " + box.logFile());
            }
        }
        throw new IllegalStateException("no sale accepted within 60 s; log " + box.logFile());
    }

    private static void sale(Appliance box, String token, String sku) {
        String id = UUID.randomUUID().toString();
        call(box, "POST", "/api/v1/sales", token, Appliance.obj("id", id, "lines",
                List.of(Appliance.obj("sku", sku, "qty", 1)), "tenders",
                List.of(Appliance.obj("type", "cash", "amount", "5.00"))), 201);
    }

    private static Response call(Appliance box, String method, String path, String token, Object body, int... ok) {
        Response r = box.call(method, path, token, body);
        for (int s : ok) {
            if (r.status() == s) {
                return r;
            }
        }
        throw new IllegalStateException("unexpected answer: " + r);
    }

    // ------------------------------------------------------------------ throughput and latency

    /** Runs the levels on one box; returns a copy of its database directory taken after a clean stop. */
    private static Path throughput() throws Exception {
        // compact_hours empty: the compaction a store runs in its night hours comes at the lull between levels
        // (settle), whatever the hour of the run.
        Appliance.Builder builder = box("bench", CLASS_ARCHIVE).config("org.storebox.store", "compact_hours=");
        String jfr = System.getProperty("bench.jfr", "");
        if (!jfr.isBlank()) {
            // A flight recording of the box for the whole run, written when it stops: where the time goes.
            builder.jvmOption("-XX:FlightRecorderOptions:stackdepth=256"); // the default 64 cuts H2's stacks
            builder.jvmOption("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename=" + Path.of(jfr).toAbsolutePath());
        }
        Appliance box = builder.start();
        Path copy = Files.createTempDirectory("storebox-bench-db-");
        try {
            String admin = box.adminToken();
            List<String> skus = new ArrayList<>();
            StringBuilder ndjson = new StringBuilder();
            List<Object> receipt = new ArrayList<>();
            for (int i = 1; i <= PRODUCTS; i++) {
                String sku = String.format("B-%04d", i);
                skus.add(sku);
                ndjson.append(String.format("{\"sku\":\"%s\",\"name\":\"Bench item %d\",\"price\":\"%d.%d0\","
                        + "\"barcodes\":[],\"tax_class\":\"standard\",\"active\":true}%n", sku, i, 1 + i % 50, i % 10));
                receipt.add(Appliance.obj("sku", sku, "qty", 100_000_000));
            }
            Response imp = box.raw("POST", "/api/v1/products/import", Map.of("Content-Type", "application/x-ndjson"), admin,
                    ndjson.toString().getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
            if (imp.status() != 200) {
                throw new IllegalStateException("import: " + imp);
            }
            call(box, "POST", "/api/v1/stock/receipts", admin, Appliance.obj("reference", "GR-BENCH", "lines", receipt), 201);
            int maxLevel = Arrays.stream(LEVELS).max().orElse(1);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < maxLevel; i++) {
                Response reg = call(box, "POST", "/api/v1/terminals", admin, Appliance.obj("name", "bench-" + i), 201);
                tokens.add(box.token(reg.json().path("client_id").asText(), reg.json().path("client_secret").asText()));
            }
            long fileBefore = box.dataFileBytes();
            long totalSales = 0;
            if (JIT_WARMUP > 0) {
                // The JIT compiles for minutes on two cores (C2 took a third of the box's CPU in the first
                // minute of sales, about a tenth after it): measure a box that has been trading, as in a store.
                Level w = runLevel(box, tokens.subList(0, maxLevel), skus, JIT_WARMUP, 0);
                System.out.printf("%nBefore the levels, not measured: %d s of sales at %d terminals (%d sales).%n", JIT_WARMUP,
                        maxLevel, w.total);
                totalSales += w.total;
            }
            List<String> settled = new ArrayList<>();

            System.out.println();
            System.out.println("## Sales through the HTTP API (three-line sales, cash, each terminal its own token)");
            // The last two columns hold up better than sales/s on a shared machine: the box's CPU time per
            // measured sale, and the file growth per sale of the level (warm-up included), i.e. the chunk bytes
            // H2 writes for each sale while the file is append-only.
            // "of which JIT": the box's compiler threads, a sign of how far from steady state the level ran.
            System.out.println("| terminals | sales | sales/s | p50 | p99 | max | errors | box CPU | of which JIT | machine CPU busy "
                    + "| data file after | box CPU ms per sale | file KB per sale |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (int level : LEVELS) {
                settle(box, admin, "before " + level + " terminals", settled);
                long fileAtStart = box.dataFileBytes();
                Level r = runLevel(box, tokens.subList(0, level), skus, WARMUP, SECONDS);
                totalSales += r.total;
                long fileAfter = box.dataFileBytes();
                System.out.printf("| %d | %d | %.0f | %.2f ms | %.2f ms | %.2f ms | %d | %.0f %% | %.0f %% | %.0f %% | %s | %.2f | %.1f |%n",
                        level, r.count, r.count / r.seconds, r.p(0.50), r.p(0.99), r.max(), r.errors.get(), r.boxCpu * 100,
                        r.jitCpu * 100, r.machineBusy * 100, mib(fileAfter), r.count == 0 ? Double.NaN : r.boxCpu * r.seconds * 1000 / r.count,
                        r.total == 0 ? Double.NaN : (fileAfter - fileAtStart) / 1024.0 / r.total);
                if (!r.firstErrors.isEmpty()) {
                    System.out.println("  first errors: " + r.firstErrors);
                }
            }
            System.out.println();
            System.out.println("Compactions at the lulls before the levels (a store's nightly one; not in the levels' figures): "
                    + (settled.isEmpty() ? "none was due" : String.join("; ", settled)));
            JsonNode status = box.call("GET", "/api/v1/status", admin, null).json();
            long running = box.dataFileBytes();
            Duration stopTook = box.stop();
            long stopped = box.dataFileBytes();
            copyTree(box.dataDir().resolve("db"), copy);
            long live = compactedSize(copy);
            System.out.println();
            System.out.println("## Data file");
            System.out.printf("- sales written in the run: %d (plus %d products, 1 receipt, %d terminals); file before the load %s%n",
                    totalSales, PRODUCTS, maxLevel, mib(fileBefore));
            System.out.printf("- `<data>/db/*.mv.db` right after the last level, box running: %s (status says database %s)%n",
                    mib(running), status.path("database"));
            System.out.printf("- after a clean stop (SIGTERM, exit in %d ms): %s%n", stopTook.toMillis(), mib(stopped));
            System.out.printf("- live data = a copy of that file after H2 `SHUTDOWN COMPACT` (in-process, H2 of the same version): %s%n",
                    mib(live));
            System.out.printf("- ratio running / live = %.2f; after clean stop / live = %.2f (target <= 2)%n",
                    (double) running / live, (double) stopped / live);
            return copy;
        } finally {
            box.close();
        }
    }

    /**
     * The lull between two phases: when the box says a compaction is due, waits until it ran (it starts after
     * compact_idle_ms without a write) and notes how long the box took, so that a level measures sales, not a
     * compaction forced at four times compact_mb that a store would have run in its night hours.
     */
    private static void settle(Appliance box, String admin, String when, List<String> notes) {
        if (!compactionDue(box, admin)) {
            return;
        }
        long before = box.dataFileBytes();
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(3).toNanos();
        while (compactionDue(box, admin)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the box's due compaction did not run within 3 minutes of a lull");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        notes.add(String.format("%s: %s -> %s in %.1f s (idle wait included)", when, mib(before), mib(box.dataFileBytes()),
                (System.nanoTime() - t0) / 1e9));
    }

    private static boolean compactionDue(Appliance box, String admin) {
        return box.call("GET", "/api/v1/status", admin, null).json().path("database").path("compaction_due").asBoolean();
    }

    private static final class Level {
        final List<long[]> perThread = new ArrayList<>();
        final AtomicLong errors = new AtomicLong();
        final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long[] sorted;
        int count;
        long total;
        double seconds;
        double boxCpu;
        double jitCpu;
        double machineBusy;

        double p(double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }

        double max() {
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
        }
    }

    private static Level runLevel(Appliance box, List<String> tokens, List<String> skus, int warmup, int seconds) throws Exception {
        Level level = new Level();
        int n = tokens.size();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2]; // measuring from, until (nanoTime)
        long[][] samples = new long[n][];
        int[] counts = new int[n];
        long[] totals = new long[n];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int idx = i;
            String token = tokens.get(i);
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(idx * 7919L + n);
                long[] lat = new long[1 << 16];
                int c = 0;
                long all = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= window[1]) {
                        break;
                    }
                    Map<String, Object> body = threeLineSale(random, skus);
                    Response r;
                    try {
                        r = box.call("POST", "/api/v1/sales", token, body, Duration.ofSeconds(60));
                    } catch (UncheckedIOException e) {
                        level.errors.incrementAndGet();
                        if (level.firstErrors.size() < 3) {
                            level.firstErrors.add(e.getMessage());
                        }
                        continue;
                    }
                    long t1 = System.nanoTime();
                    all++;
                    if (r.status() != 201) {
                        level.errors.incrementAndGet();
                        if (level.firstErrors.size() < 3) {
                            level.firstErrors.add(r.toString());
                        }
                        continue;
                    }
                    if (t0 >= window[0]) {
                        if (c == lat.length) {
                            lat = Arrays.copyOf(lat, c * 2);
                        }
                        lat[c++] = t1 - t0;
                    }
                }
                samples[idx] = lat;
                counts[idx] = c;
                totals[idx] = all;
            }, "bench-terminal-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        long now = System.nanoTime();
        window[0] = now + Duration.ofSeconds(warmup).toNanos();
        window[1] = window[0] + Duration.ofSeconds(seconds).toNanos();
        long[] cpu = new long[2];
        long[] jit = new long[2];
        long[] machine = new long[2];
        go.countDown();
        // The CPU snapshot belongs at the start of the measured window: wait for it by polling the box.
        while (System.nanoTime() < window[0]) {
            box.exitedWithin(Duration.ofMillis(Math.max(1, (window[0] - System.nanoTime()) / 1_000_000)));
        }
        cpu[0] = processCpuTicks(box.pid());
        jit[0] = compilerCpuTicks(box.pid());
        machine[0] = machineTicks()[0];
        long machineIdle0 = machineTicks()[1];
        long wall0 = System.nanoTime();
        while (System.nanoTime() < window[1]) {
            box.exitedWithin(Duration.ofMillis(Math.max(1, (window[1] - System.nanoTime()) / 1_000_000)));
        }
        cpu[1] = processCpuTicks(box.pid());
        jit[1] = compilerCpuTicks(box.pid());
        long[] m1 = machineTicks();
        long wall = System.nanoTime() - wall0;
        for (Thread t : threads) {
            t.join();
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += counts[i];
            level.total += totals[i];
        }
        long[] all = new long[total];
        int k = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(samples[i], 0, all, k, counts[i]);
            k += counts[i];
        }
        Arrays.sort(all);
        level.sorted = all;
        level.count = total;
        level.seconds = seconds;
        double tick = 100.0; // USER_HZ
        level.boxCpu = (cpu[1] - cpu[0]) / tick / (wall / 1e9);
        level.jitCpu = (jit[1] - jit[0]) / tick / (wall / 1e9);
        long busy = (m1[0] - machine[0]) - (m1[1] - machineIdle0);
        level.machineBusy = (m1[0] - machine[0]) == 0 ? 0 : (double) busy / (m1[0] - machine[0]);
        return level;
    }

    static Map<String, Object> threeLineSale(SplittableRandom random, List<String> skus) {
        List<Object> lines = new ArrayList<>(3);
        int a = random.nextInt(skus.size());
        int b = (a + 1 + random.nextInt(skus.size() - 1)) % skus.size();
        int c;
        do {
            c = random.nextInt(skus.size());
        } while (c == a || c == b);
        for (int i : new int[] { a, b, c }) {
            lines.add(Appliance.obj("sku", skus.get(i), "qty", 1 + random.nextInt(3)));
        }
        return Appliance.obj("id", UUID.randomUUID().toString(), "lines", lines, "tenders",
                List.of(Appliance.obj("type", "cash", "amount", "1000.00")));
    }

    /** utime + stime of a process in clock ticks (1/100 s), from /proc; 0 when unreadable. */
    static long processCpuTicks(long pid) {
        try {
            return statTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime (fields 14 and 15) of a /proc/.../stat line; the name in parentheses may hold spaces. */
    private static long statTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** utime + stime of the JIT compiler threads of a HotSpot process in clock ticks, from /proc; 0 when unreadable. */
    static long compilerCpuTicks(long pid) {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).contains("CompilerThre")) {
                        sum += statTicks(stat);
                    }
                } catch (IOException e) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    /** {total, idle+iowait} ticks of all CPUs from /proc/stat. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] { total, Long.parseLong(f[4]) + Long.parseLong(f[5]) };
        } catch (IOException | RuntimeException e) {
            return new long[] { 0, 0 };
        }
    }

    // ------------------------------------------------------------------ data file

    private static long compactedSize(Path dbDir) throws SQLException, IOException {
        String name;
        try (Stream<Path> s = Files.list(dbDir)) {
            name = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".mv.db")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no .mv.db file in " + dbDir));
        }
        String base = dbDir.resolve(name.substring(0, name.length() - ".mv.db".length())).toAbsolutePath().toString();
        try (Connection c = connect("jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE");
                Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        }
        return Appliance.dataFileBytes(dbDir);
    }

    private static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        return new org.h2.Driver().connect(url, p);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    // ------------------------------------------------------------------ raw H2 and fsync

    /**
     * Single-row insert + commit + CHECKPOINT SYNC under the box's settings (H2Database: URL option
     * WRITE_DELAY=0, SET RETENTION_TIME 1000; {@code bench.h2.options} and {@code bench.h2.retention} change them).
     */
    private static void rawH2(Path scratchParent) throws SQLException, IOException {
        String options = System.getProperty("bench.h2.options", ";WRITE_DELAY=0");
        int retention = Integer.getInteger("bench.h2.retention", 1000);
        System.out.println();
        System.out.printf("## Raw H2 in-process, the box's durability settings (URL options `DB_CLOSE_ON_EXIT=FALSE%s`, "
                + "RETENTION_TIME %d; insert, commit, CHECKPOINT SYNC)%n", options, retention);
        System.out.println("| rows per synced group | groups | rows/s | p50 per group | p99 per group | file after |");
        System.out.println("|---|---|---|---|---|---|");
        for (int group : new int[] { 1, 32 }) {
            Path dir = Files.createTempDirectory("storebox-bench-h2-");
            try (Connection c = connect("jdbc:h2:file:" + dir.resolve("raw").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE" + options)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET RETENTION_TIME " + retention);
                    s.execute("CREATE TABLE raw(id BIGINT PRIMARY KEY, sale_id UUID, sku VARCHAR(40), qty DECIMAL(12,3), "
                            + "amount DECIMAL(14,2), created TIMESTAMP WITH TIME ZONE)");
                }
                c.setAutoCommit(false);
                long[] lat = new long[1 << 16];
                int n = 0;
                long id = 0;
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO raw VALUES (?, RANDOM_UUID(), ?, 1, 12.50, CURRENT_TIMESTAMP)");
                        Statement sync = c.createStatement()) {
                    long end = System.nanoTime() + Duration.ofSeconds(H2_SECONDS).toNanos();
                    long t00 = System.nanoTime();
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        for (int i = 0; i < group; i++) {
                            ins.setLong(1, ++id);
                            ins.setString(2, "SKU-" + (id % 200));
                            ins.executeUpdate();
                        }
                        c.commit();
                        sync.execute("CHECKPOINT SYNC");
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                    double secs = (System.nanoTime() - t00) / 1e9;
                    long[] sorted = Arrays.copyOf(lat, n);
                    Arrays.sort(sorted);
                    System.out.printf("| %d | %d | %.0f | %.2f ms | %.2f ms | %s |%n", group, n, id / secs,
                            sorted[(int) Math.ceil(0.5 * n) - 1] / 1e6, sorted[(int) Math.ceil(0.99 * n) - 1] / 1e6,
                            mib(Appliance.dataFileBytes(dir)));
                }
            } finally {
                Appliance.deleteTree(dir);
            }
        }
        Appliance.deleteTree(scratchParent);
    }

    /** The disk's ceiling: 4 KiB appends, each followed by fdatasync. */
    private static void fsyncProbe() throws IOException {
        Path dir = Files.createTempDirectory("storebox-bench-fsync-");
        Path f = dir.resolve("append");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long t0 = System.nanoTime();
            int n = 0;
            while (System.nanoTime() < end) {
                block.clear();
                ch.write(block);
                ch.force(false);
                n++;
            }
            System.out.println();
            System.out.printf("Disk ceiling: 4 KiB append + fdatasync: %.0f per second%n", n / ((System.nanoTime() - t0) / 1e9));
        } finally {
            Appliance.deleteTree(dir);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}

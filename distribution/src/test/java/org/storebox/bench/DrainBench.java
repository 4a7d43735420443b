package org.storebox.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.storebox.e2e.Appliance;
import org.storebox.e2e.Appliance.Response;

/**
 * The uplink drain benchmark (BENCHMARKS.md, "Uplink: drain after an outage, and sale-to-HQ latency"):
 * the real box jar and the real HQ {@code ingest} process on Debian's Mosquitto.
 *
 * <ol>
 * <li>HQ's broker is started with persistence and {@code ingest} connects (its shared subscription and session are
 * created). The box starts with {@code STOREBOX_MQTT_URL} on that port and a short reconnect back-off
 * ({@code backoff_initial_ms} / {@code backoff_max_ms} in {@code <data>/config/org.storebox.uplink.mqtt.cfg}) and
 * makes {@code drain.connected.sales} sales connected, which HQ stores and acknowledges.</li>
 * <li>The outage: the broker stops (it saves ingest's session; ingest keeps running, reconnecting); N real sales are
 * posted through the HTTP API by parallel terminals; the status must report them as backlog.</li>
 * <li>Mosquitto is started again, and the drain is timed from that moment until HQ acknowledged the
 * last seq (an observer subscribed to {@code storebox/v1/{store}/ack}: ingest publishes {@code up_to} only after
 * its commit) and until the box's status says backlog 0. Then {@code storebox-hq stores} checks that HQ holds
 * every seq once, with no gap.</li>
 * <li>On the same broker: raw Paho v5 QoS 1 publish-to-subscriber rate of 500-byte messages.</li>
 * <li>Connected latency: sales posted one at a time (each waits for HQ's copy before the next), and by several
 * terminals in closed loops; from each sale's 201 (its answer carries its outbox seq) to the observer seeing
 * an ack with {@code up_to >= seq}.</li>
 * </ol>
 *
 * <p>System properties (the {@code drain-bench} profile of this module sets them): {@code drain.sales} (100000),
 * {@code drain.terminals} (16), {@code drain.products} (200), {@code drain.xmx} (-Xmx128m), {@code drain.hq.jar},
 * {@code drain.hq.jvm} (ingest's JVM options, -Xmx256m),
 * {@code drain.backoff.max.ms} (200), {@code drain.raw.messages} (100000), {@code drain.raw.window} (100),
 * {@code drain.latency.isolated} (500 sales), {@code drain.latency.levels} (1,8), {@code drain.latency.seconds} (15),
 * {@code drain.uplink} (extra uplink configuration lines, separated by ';'), {@code drain.connected.sales} (30000),
 * {@code drain.hq.warmup.events} (0), {@code drain.rehearsal.sales} (0): see BENCHMARKS.md, neither made the drain
 * measurably faster.
 */
public final class DrainBench {
    private static final int SALES = Integer.getInteger("drain.sales", 100_000);
    private static final int TERMINALS = Integer.getInteger("drain.terminals", 16);
    private static final int PRODUCTS = Integer.getInteger("drain.products", 200);
    private static final String XMX = System.getProperty("drain.xmx", "-Xmx128m -XX:+UseParallelGC");
    /** HQ ingest's JVM options, space-separated. */
    private static final String HQ_JVM = System.getProperty("drain.hq.jvm", "-Xmx256m");
    /** A directory: record the box and ingest with Java Flight Recorder through the drain (box.jfr, ingest.jfr). */
    private static final String JFR = System.getProperty("drain.jfr", "");
    private static final int BACKOFF_MAX_MS = Integer.getInteger("drain.backoff.max.ms", 200);
    private static final int RAW_MESSAGES = Integer.getInteger("drain.raw.messages", 100_000);
    private static final int RAW_WINDOW = Integer.getInteger("drain.raw.window", 100);
    private static final int ISOLATED = Integer.getInteger("drain.latency.isolated", 500);
    private static final int LAT_SECONDS = Integer.getInteger("drain.latency.seconds", 15);
    private static final int[] LAT_LEVELS = Arrays.stream(System.getProperty("drain.latency.levels", "1,8").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    private static final String STORE = "DRN1";
    /** Sales the box makes connected before the outage (0: only the seed's few events go before it). */
    private static final int CONNECTED = Integer.getInteger("drain.connected.sales", 30_000);
    private static final Pattern UP_TO = Pattern.compile("\"up_to\"\\s*:\\s*(\\d+)");
    private static final Pattern BACKLOG = Pattern.compile("\"backlog\"\\s*:\\s*(\\d+)");
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    /**
     * Events of another store (WARM) that HQ's ingest stores before the box's first sale, in batches shaped like a
     * drain's: HQ serves a fleet, and its JIT has compiled the drain's code long before one store's outage (0: none).
     */
    private static final int HQ_WARMUP = Integer.getInteger("drain.hq.warmup.events", 0);
    /** Sales of a first outage, drained before the measured one (0: none). */
    private static final int REHEARSAL = Integer.getInteger("drain.rehearsal.sales", 0);

    private DrainBench() {
    }

    public static void main(String[] args) throws Exception {
        Path hqJar = Paths.get(System.getProperty("drain.hq.jar", "../hq/target/storebox-hq.jar")).toAbsolutePath();
        if (!Files.isRegularFile(hqJar)) {
            throw new IllegalStateException(hqJar + " is missing: build it first (mvn -B -pl hq -am package -DskipTests)");
        }
        Path dir = Files.createTempDirectory("drain-bench");
        int port = Appliance.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String jdbc = "jdbc:h2:file:" + dir.resolve("hq") + ";AUTO_SERVER=TRUE";
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, List.of("user " + System.getProperty("user.name"), "listener " + port + " 127.0.0.1",
                "allow_anonymous true", "persistence true", "persistence_location " + dir + "/",
                "autosave_interval 0", "max_queued_messages 1000000", "max_inflight_messages 0",
                "set_tcp_nodelay true"));
        System.out.printf("storebox drain benchmark: box %s (%s), hq %s, Mosquitto %s on port %d, %d sales by %d terminals%n",
                Appliance.defaultJar(), XMX, hqJar, mosquitto(), port, SALES, TERMINALS);
        System.out.printf("machine: %d cores, java %s; load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());
        System.out.println("work directory (logs, HQ database): " + dir);
        // The box starts as run.sh starts it: with its class-data archive (trained here for a copy of the jar).
        Appliance.trainClassArchive(Appliance.defaultJar(), List.of(XMX.trim().split("\\s+")));

        // 1. Before the outage HQ's broker and ingest run (ingest's session exists on the broker), and the box trades
        // connected (below), so both have run the code of the drain, as a store and its HQ have before a WAN outage.
        Process broker = startBroker(conf, dir);
        Process ingest = startIngest(hqJar, url, jdbc, dir);
        await("ingest subscribed", () -> log(dir.resolve("ingest.log")).contains("subscribed to"));

        List<String> uplinkConfig = new ArrayList<>(List.of("backoff_initial_ms=100", "backoff_max_ms=" + BACKOFF_MAX_MS));
        for (String extra : System.getProperty("drain.uplink", "").split(";")) {
            if (!extra.isBlank()) {
                uplinkConfig.add(extra.trim());
            }
        }
        System.out.println("box uplink configuration (org.storebox.uplink.mqtt.cfg): " + uplinkConfig);
        // compact_hours empty: the compaction at the lull after the offline burst (below) comes at any hour of the run.
        Appliance.Builder builder = Appliance.builder("drain").storeId(STORE).jvmOptions(XMX).env("STOREBOX_MQTT_URL", url)
                .config("org.storebox.uplink.mqtt", uplinkConfig.toArray(new String[0]))
                .config("org.storebox.store", "compact_hours=");
        if (!JFR.isBlank()) {
            // JFR's default depth (64) cuts H2's stacks before the caller.
            builder.jvmOption("-XX:FlightRecorderOptions:stackdepth=256");
        }
        Appliance box = builder.start();
        Observer observer = null;
        Ctx ctx = null;
        try {
            String admin = box.adminToken();
            List<String> skus = seed(box, admin);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < Math.max(TERMINALS, max(LAT_LEVELS)); i++) {
                Response reg = ok(box.call("POST", "/api/v1/terminals", admin, Appliance.obj("name", "drain-" + i)), 201);
                tokens.add(box.token(reg.json().path("client_id").asText(), reg.json().path("client_secret").asText()));
            }

            if (HQ_WARMUP > 0) {
                Response sale = ok(box.call("POST", "/api/v1/sales", tokens.get(0),
                        SaleBenchmark.threeLineSale(new SplittableRandom(42), skus), Duration.ofSeconds(60)), 201);
                warmHq(url, sale.body().getBytes(StandardCharsets.UTF_8), HQ_WARMUP, ingest);
            }
            if (CONNECTED > 0) {
                long k0 = System.nanoTime();
                long refused = sell(box, tokens.subList(0, TERMINALS), skus, CONNECTED);
                await("HQ's ack of the sales made connected", () -> box.call("GET", "/api/v1/status", admin, null).json()
                        .path("uplink").path("backlog").asLong(-1) == 0);
                System.out.printf("%n## Connected, before the outage%n- %d sales posted (%d errors) and acknowledged by HQ in "
                        + "%.1f s%n", CONNECTED, refused, (System.nanoTime() - k0) / 1e9);
            }
            // 2. and 3. An outage and its drain: first, when asked, a rehearsal (box and ingest then have run the drain's
            // code, as a store and its HQ have after their first outage since they started), then the measured one.
            ctx = new Ctx(box, admin, tokens.subList(0, TERMINALS), skus, ingest, dir, conf, port, url, jdbc, hqJar);
            ctx.broker = broker;
            if (REHEARSAL > 0) {
                Observer first = ctx.outageAndDrain("Rehearsal: a first outage of " + REHEARSAL + " sales, drained",
                        REHEARSAL, false);
                first.close();
            }
            observer = ctx.outageAndDrain("Drain", SALES, true);
            Observer o = observer;

            // 4. Raw Paho on the same broker.
            rawPaho(url);

            // 5. Connected latency.
            latency(box, tokens, skus, o);
            System.out.printf("%nload average at the end: %s%n", loadAverage());
        } finally {
            if (observer != null) {
                observer.close();
            }
            box.close();
            stop(ingest);
            stop(ctx != null ? ctx.broker : broker);
        }
    }

    /** What one outage needs: the box, its terminals, HQ's processes and where they live. */
    private static final class Ctx {
        final Appliance box;
        final String admin;
        final List<String> tokens;
        final List<String> skus;
        final Process ingest;
        final Path dir;
        final Path conf;
        final int port;
        final String url;
        final String jdbc;
        final Path hqJar;
        /** The broker, started again by each drain. */
        Process broker;

        Ctx(Appliance box, String admin, List<String> tokens, List<String> skus, Process ingest, Path dir, Path conf,
                int port, String url, String jdbc, Path hqJar) {
            this.box = box;
            this.admin = admin;
            this.tokens = tokens;
            this.skus = skus;
            this.ingest = ingest;
            this.dir = dir;
            this.conf = conf;
            this.port = port;
            this.url = url;
            this.jdbc = jdbc;
            this.hqJar = hqJar;
        }

        /**
         * Stops the broker, sells {@code sales} sales, starts the broker again and times the drain, printed under
         * {@code title}; {@code measured}: the drain the flight recorder (drain.jfr) records. Returns the observer.
         */
        Observer outageAndDrain(String title, int sales, boolean measured) throws Exception {
            // 2. The outage: HQ's broker stops (it saves ingest's session; ingest keeps running and reconnecting), and
            // sales pile up in the outbox.
            stop(broker);
            if (!Files.exists(dir.resolve("mosquitto.db"))) {
                throw new IllegalStateException("Mosquitto kept no persistence file in " + dir);
            }
            await("the box offline", () -> !box.call("GET", "/api/v1/status", admin, null).json()
                    .path("uplink").path("connected").asBoolean(true));
            long s0 = System.nanoTime();
            long errors = sell(box, tokens, skus, sales);
            double sellS = (System.nanoTime() - s0) / 1e9;
            JsonNode status = ok(box.call("GET", "/api/v1/status", admin, null), 200).json();
            long last = status.path("outbox").path("last_seq").asLong();
            long backlog = status.path("uplink").path("backlog").asLong();
            System.out.println();
            System.out.println("## " + (measured ? "Offline" : title + ": offline"));
            System.out.printf("- %d sales posted in %.1f s (%.0f/s, %d errors); status: outbox last_seq %d, uplink backlog %d, "
                    + "connected %s, last_error \"%s\"%n", sales, sellS, sales / sellS, errors, last, backlog,
                    status.path("uplink").path("connected").asText(), status.path("uplink").path("last_error").asText());
            if (errors > 0 || backlog < sales || status.path("uplink").path("connected").asBoolean(true)) {
                throw new IllegalStateException("the box does not report the sales as backlog: " + status);
            }
            // Past compact_mb (512 MiB) the box compacts its file at its first lull of compact_idle_ms (2 s): after
            // this burst that is now, and the writer is busy for seconds. A store's outage has lulls long before the
            // WAN returns, so the drain starts once that compaction is done; its time is printed.
            long c0 = System.nanoTime();
            double grown = box.dataFileBytes() / 1048576.0;
            if (grown > 512) {
                await("the box's compaction after the burst", () -> box.dataFileBytes() <= 512L << 20);
            }
            System.out.printf("- box data file %.1f MiB after the sales; compaction at the lull after them: %.1f s, "
                    + "file then %.1f MiB%n", grown, (System.nanoTime() - c0) / 1e9, box.dataFileBytes() / 1048576.0);
            System.out.printf("- load average before the drain: %s%n", loadAverage());

            // 3. The broker and HQ come back: time the drain.
            long[] cpu0 = {SaleBenchmark.processCpuTicks(box.pid())};
            if (measured && !JFR.isBlank()) {
                Files.createDirectories(Path.of(JFR));
                run(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(box.pid()),
                        "JFR.start", "name=drain", "settings=profile",
                        "filename=" + Path.of(JFR, "box.jfr").toAbsolutePath());
            }
            if (measured && !JFR.isBlank()) {
                run(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(ingest.pid()),
                        "JFR.start", "name=drain", "settings=profile",
                        "filename=" + Path.of(JFR, "ingest.jfr").toAbsolutePath());
            }
            long ingestCpu0 = SaleBenchmark.processCpuTicks(ingest.pid());
            // The logs' own time stamps tell when ingest and the box connected again (the observer's first connect
            // in this JVM takes ~0.4 s, and the logs hold an earlier outage's lines already).
            Path ingestLog = dir.resolve("ingest.log");
            int ingestLogFrom = log(ingestLog).length();
            int boxLogFrom = box.log().length();
            long t0 = System.nanoTime();
            long wallT0 = System.currentTimeMillis();
            broker = startBroker(conf, dir);
            awaitListening(port);
            long tListening = System.nanoTime();
            Observer o = new Observer(url, sales);
            long tObserver = System.nanoTime();
            long tBacklog0 = -1;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (o.upTo.get() < last || tBacklog0 < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not drained within " + DEADLINE + ": HQ acked " + o.upTo.get() + " of " + last
                            + "; box " + box.call("GET", "/api/v1/status", admin, null).body());
                }
                if (o.upTo.get() >= last && tBacklog0 < 0) {
                    JsonNode u = box.call("GET", "/api/v1/status", admin, null).json().path("uplink");
                    if (u.path("backlog").asLong(-1) == 0) {
                        tBacklog0 = System.nanoTime();
                    }
                }
                LockSupportPause.ms(10);
            }
            long tAllAcked = o.allAckedAt(last);
            long tIngest = t0 + TimeUnit.MILLISECONDS.toNanos(loggedAt(log(ingestLog), ingestLogFrom, "reconnected to") - wallT0);
            long tBox = t0 + TimeUnit.MILLISECONDS.toNanos(loggedAt(box.log(), boxLogFrom, "MQTT uplink connected to") - wallT0);
            if (measured && !JFR.isBlank()) {
                run(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(box.pid()),
                        "JFR.stop", "name=drain");
                run(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(ingest.pid()),
                        "JFR.stop", "name=drain");
            }
            long cpuBox = SaleBenchmark.processCpuTicks(box.pid()) - cpu0[0];
            String procs = String.format("box %.1f s, ingest %.1f s, mosquitto %.1f s", cpuBox / 100.0,
                    (SaleBenchmark.processCpuTicks(ingest.pid()) - ingestCpu0) / 100.0, SaleBenchmark.processCpuTicks(broker.pid()) / 100.0);
            double drainS = (tAllAcked - t0) / 1e9;
            double fromIngest = (tAllAcked - Math.max(tIngest, o.firstAckAt)) / 1e9;
            System.out.println();
            System.out.printf("## %s (broker started at t = 0; ingest running through the outage; %d sales made connected "
                    + "before it%s)%n", title, CONNECTED, measured && REHEARSAL > 0 ? ", and a first outage of " + REHEARSAL
                    + " sales drained" : "");
            System.out.printf("- broker listening %s; box connected %s and ingest reconnected %s (their logs' time stamps, +-1 ms); "
                    + "box's online status seen %s; first ack %s%n", sec(tListening - t0), sec(tBox - t0), sec(tIngest - t0),
                    sec(o.onlineAt - t0), sec(o.firstAckAt - t0));
            System.out.printf("- HQ acknowledged up to seq %d: %s; box backlog 0 in GET /api/v1/status: %s (polled after the ack)%n",
                    last, sec(tAllAcked - t0), sec(tBacklog0 - t0));
            System.out.printf("- observer connected at %s (it reads the retained ack, so a late start loses nothing)%n",
                    sec(tObserver - t0));
            System.out.printf("- **drain rate: %d events (the backlog) in %.2f s = %.0f events/s** from broker start; %.0f events/s from the later of "
                    + "ingest reconnected and first ack (%.2f s)%n", backlog, drainS, backlog / drainS, backlog / fromIngest,
                    fromIngest);
            System.out.printf("- acks seen by the observer: %d; CPU over the drain: %s%n",
                    o.acks.get(), procs);
            String stores = run("java", "-jar", hqJar.toString(), "stores", "--jdbc", jdbc);
            System.out.println("- `storebox-hq stores` after the drain:");
            for (String line : stores.strip().split("\n")) {
                System.out.println("      " + line);
            }
            checkStores(stores, last);
            System.out.printf("- load average after the drain: %s%n", loadAverage());
            return o;
        }
    }

    // ------------------------------------------------------------------ set-up and the offline sales

    private static List<String> seed(Appliance box, String admin) {
        List<String> skus = new ArrayList<>();
        StringBuilder ndjson = new StringBuilder();
        List<Object> receipt = new ArrayList<>();
        for (int i = 1; i <= PRODUCTS; i++) {
            String sku = String.format("D-%04d", i);
            skus.add(sku);
            ndjson.append(String.format("{\"sku\":\"%s\",\"name\":\"Drain item %d\",\"price\":\"%d.%d0\","
                    + "\"barcodes\":[],\"tax_class\":\"standard\",\"active\":true}%n", sku, i, 1 + i % 50, i % 10));
            receipt.add(Appliance.obj("sku", sku, "qty", 100_000_000));
        }
        ok(box.raw("POST", "/api/v1/products/import", Map.of("Content-Type", "application/x-ndjson"), admin,
                ndjson.toString().getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60)), 200);
        ok(box.call("POST", "/api/v1/stock/receipts", admin, Appliance.obj("reference", "GR-DRAIN", "lines", receipt)), 201);
        return skus;
    }

    /** Posts {@code sales} sales over the terminals' tokens; returns the number of answers other than 201. */
    private static long sell(Appliance box, List<String> tokens, List<String> skus, int sales) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            SplittableRandom random = new SplittableRandom(i * 7919L);
            Thread t = new Thread(() -> {
                while (next.getAndIncrement() < sales) {
                    Response r = box.call("POST", "/api/v1/sales", token, SaleBenchmark.threeLineSale(random, skus), Duration.ofSeconds(60));
                    if (r.status() != 201) {
                        errors.incrementAndGet();
                        if (firstErrors.size() < 3) {
                            firstErrors.add(r.toString());
                        }
                    }
                }
            }, "drain-terminal-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!firstErrors.isEmpty()) {
            System.out.println("first errors: " + firstErrors);
        }
        return errors.get();
    }

    /**
     * Every seq 1..last stored once: EVENTS = ACKED_UP_TO >= last (the box may have written an event or two
     * since, an alert cleared for example), GAPS "-".
     */
    private static void checkStores(String stores, long last) {
        for (String line : stores.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].equals(STORE)) {
                if (Long.parseLong(f[5]) != Long.parseLong(f[6]) || Long.parseLong(f[6]) < last || !f[7].equals("-")) {
                    throw new IllegalStateException("HQ does not hold seq 1.." + last + " exactly: " + line);
                }
                return;
            }
        }
        throw new IllegalStateException("store " + STORE + " not listed by storebox-hq stores:\n" + stores);
    }

    /**
     * Publishes {@code events} events of store WARM, each with {@code data} (a sale of the box as its answer had it),
     * in gzip batches of up to 500 events or 256 KiB as a box's drain sends them, 16 in flight, and waits for HQ's ack
     * of the last.
     */
    private static void warmHq(String url, byte[] data, int events, Process ingest) throws Exception {
        AtomicLong acked = new AtomicLong();
        MqttAsyncClient c = new MqttAsyncClient(url, "drain-hq-warmup", new MemoryPersistence());
        c.setCallback(new Callback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                Matcher x = UP_TO.matcher(new String(m.getPayload(), StandardCharsets.UTF_8));
                if (x.find()) {
                    acked.accumulateAndGet(Long.parseLong(x.group(1)), Math::max);
                }
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(new MqttSubscription("storebox/v1/WARM/ack", 1)).waitForCompletion(10_000);
        Semaphore window = new Semaphore(16);
        AtomicLong failed = new AtomicLong();
        MqttActionListener release = releasing(window, failed);
        long cpu0 = SaleBenchmark.processCpuTicks(ingest.pid());
        long t0 = System.nanoTime();
        int seq = 0;
        int messages = 0;
        while (seq < events) {
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream(270_000);
            batch.writeBytes("{\"store\":\"WARM\",\"events\":[".getBytes(StandardCharsets.UTF_8));
            for (int n = 0; n < 500 && seq < events && batch.size() + data.length + 200 < 256 * 1024; n++) {
                seq++;
                batch.writeBytes(((n > 0 ? "," : "") + "{\"seq\":" + seq + ",\"id\":\"" + java.util.UUID.randomUUID()
                        + "\",\"type\":\"sale.completed\",\"time\":\"" + Instant.now() + "\",\"data\":")
                        .getBytes(StandardCharsets.UTF_8));
                batch.writeBytes(data);
                batch.write('}');
            }
            batch.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream(batch.size() / 4);
            try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz, 8192)) {
                batch.writeTo(out);
            }
            publish(c, "storebox/v1/WARM/events", gz.toByteArray(), window, release);
            messages++;
        }
        window.acquire(16);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " warm-up publishes failed");
        }
        int last = seq;
        await("HQ's ack of the warm-up's last event", () -> acked.get() >= last);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n## HQ warm-up%n- ingest stored %d events of store WARM (%d gzip batches shaped like a drain's) in "
                + "%.1f s (%.0f/s), using %.1f s of CPU%n", events, messages, s, events / s,
                (SaleBenchmark.processCpuTicks(ingest.pid()) - cpu0) / 100.0);
        c.disconnect().waitForCompletion(5000);
        c.close();
    }

    /** Gives back a place of a publish window at each publish's end, counting the publishes that failed. */
    private static MqttActionListener releasing(Semaphore window, AtomicLong failed) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failed.incrementAndGet();
                window.release();
            }
        };
    }

    /**
     * Publishes at QoS 1 once the window has a place; returns how often Paho pushed back: Paho 1.2.5 refuses below its
     * own limit now and then (paho.mqtt.java #551), and the publish is tried again.
     */
    private static long publish(MqttAsyncClient c, String topic, byte[] payload, Semaphore window,
            MqttActionListener release) throws MqttException, InterruptedException {
        window.acquire();
        long pushBack = 0;
        while (true) {
            try {
                c.publish(topic, payload, 1, false, null, release);
                return pushBack;
            } catch (MqttException e) {
                if (e.getReasonCode() != 32202) {
                    window.release();
                    throw e;
                }
                pushBack++;
                LockSupportPause.ms(1);
            }
        }
    }

    // ------------------------------------------------------------------ raw Paho

    /** N messages of 500 bytes, QoS 1, one publisher with a window of W publishes in flight, one subscriber counting. */
    private static void rawPaho(String url) throws Exception {
        String topic = "drainbench/raw";
        CountDownLatch all = new CountDownLatch(RAW_MESSAGES);
        AtomicLong firstArrival = new AtomicLong();
        MqttAsyncClient sub = new MqttAsyncClient(url, "drain-raw-sub", new MemoryPersistence());
        sub.setCallback(new Callback() {
            @Override
            public void messageArrived(String t, MqttMessage m) {
                firstArrival.compareAndSet(0, System.nanoTime());
                all.countDown();
            }
        });
        MqttConnectionOptions so = new MqttConnectionOptions();
        so.setCleanStart(true);
        sub.connect(so).waitForCompletion(10_000);
        sub.subscribe(new MqttSubscription(topic, 1)).waitForCompletion(10_000);
        MqttAsyncClient pub = new MqttAsyncClient(url, "drain-raw-pub", new MemoryPersistence());
        pub.setCallback(new Callback());
        MqttConnectionOptions po = new MqttConnectionOptions();
        po.setCleanStart(true);
        pub.connect(po).waitForCompletion(10_000);
        byte[] payload = new byte[500];
        new SplittableRandom(1).nextBytes(payload);
        Semaphore window = new Semaphore(RAW_WINDOW);
        AtomicLong failed = new AtomicLong();
        MqttActionListener release = releasing(window, failed);
        long pushBack = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < RAW_MESSAGES; i++) {
            pushBack += publish(pub, topic, payload, window, release);
        }
        window.acquire(RAW_WINDOW);
        long tPublished = System.nanoTime();
        boolean done = all.await(120, TimeUnit.SECONDS);
        long tReceived = System.nanoTime();
        long received = RAW_MESSAGES - all.getCount();
        System.out.println();
        System.out.println("## Raw Paho v5 on the same broker (QoS 1, 500-byte messages, one publisher, one subscriber)");
        System.out.printf("- %d messages, window %d in flight: all PUBACKed after %.2f s (%.0f/s); subscriber received %d after %.2f s: "
                + "**%.0f messages/s publish-to-subscriber**; %d publish failures, %d Paho push-backs (32202)%s%n",
                RAW_MESSAGES, RAW_WINDOW, (tPublished - t0) / 1e9, RAW_MESSAGES / ((tPublished - t0) / 1e9), received,
                (tReceived - t0) / 1e9, received / ((tReceived - t0) / 1e9), failed.get(), pushBack,
                done ? "" : " (NOT all received within 120 s)");
        pub.disconnect().waitForCompletion(5000);
        pub.close();
        sub.disconnect().waitForCompletion(5000);
        sub.close();
    }

    // ------------------------------------------------------------------ latency

    private static void latency(Appliance box, List<String> tokens, List<String> skus, Observer o) throws Exception {
        System.out.println();
        System.out.println("## Connected latency: a sale's 201 to HQ's ack covering its seq");
        System.out.println("| terminals | sales | sales/s | stored by HQ before the 201 was read | p50 | p95 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        SplittableRandom random = new SplittableRandom(99);
        // One at a time: each sale waits for HQ's copy of the previous one.
        List<Long> lat = new ArrayList<>();
        int early = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < ISOLATED; i++) {
            Response r = ok(box.call("POST", "/api/v1/sales", tokens.get(0), SaleBenchmark.threeLineSale(random, skus), Duration.ofSeconds(30)), 201);
            long at = System.nanoTime();
            long seq = seqOf(r);
            long stored = o.awaitStored(seq, DEADLINE);
            if (stored <= at) {
                early++;
            }
            lat.add(Math.max(0, stored - at));
        }
        row("1, one at a time (next sale after HQ's copy)", lat, early, (System.nanoTime() - t0) / 1e9);
        for (int level : LAT_LEVELS) {
            closedLoop(box, tokens.subList(0, level), skus, o, level);
        }
    }

    /** {@code n} terminals each posting sales back to back for {@link #LAT_SECONDS}; latencies of every sale. */
    private static void closedLoop(Appliance box, List<String> tokens, List<String> skus, Observer o, int n)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LAT_SECONDS);
        List<long[]> samples = new ArrayList<>(); // {seq, time of the 201 read}
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String token = tokens.get(i);
            SplittableRandom random = new SplittableRandom(1000 + i);
            Thread t = new Thread(() -> {
                List<long[]> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    Response r = ok(box.call("POST", "/api/v1/sales", token, SaleBenchmark.threeLineSale(random, skus), Duration.ofSeconds(30)), 201);
                    mine.add(new long[] {seqOf(r), System.nanoTime()});
                }
                synchronized (samples) {
                    samples.addAll(mine);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long maxSeq = samples.stream().mapToLong(s -> s[0]).max().orElse(0);
        o.awaitStored(maxSeq, DEADLINE);
        List<Long> lat = new ArrayList<>();
        int early = 0;
        for (long[] s : samples) {
            long stored = o.storedAt(s[0]);
            if (stored <= s[1]) {
                early++;
            }
            lat.add(Math.max(0, stored - s[1]));
        }
        row(n + " in closed loops", lat, early, seconds);
    }

    private static void row(String what, List<Long> lat, int early, double seconds) {
        long[] l = lat.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("| %s | %d | %.0f | %d | %s | %s | %s | %s |%n", what, l.length, l.length / seconds, early,
                pct(l, .50), pct(l, .95), pct(l, .99), pct(l, 1.0));
    }

    private static String pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return "-";
        }
        int i = Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1));
        return String.format("%.1f ms", sorted[i] / 1e6);
    }

    private static long seqOf(Response r) {
        JsonNode s = r.json().path("seq");
        if (!s.canConvertToLong() || s.asLong() < 1) {
            throw new IllegalStateException("the sale's answer carries no outbox seq: " + r);
        }
        return s.asLong();
    }

    /**
     * HQ's side as a box would see it: subscribed to the store's ack topic (and its status), records when each
     * new {@code up_to} arrived. {@link #storedAt(long)} is the arrival of the first ack covering a seq.
     */
    static final class Observer extends Callback implements AutoCloseable {
        final MqttAsyncClient client;
        final AtomicLong upTo = new AtomicLong();
        final AtomicLong acks = new AtomicLong();
        volatile long firstAckAt = -1;
        volatile long onlineAt = -1;
        /** Arrival times of acks: {upTo, nanoTime}, ascending in both. */
        private final List<long[]> history = new ArrayList<>();

        /** Sales of the outage: the box's status after it reports at least as many events as backlog. */
        private final long outage;

        Observer(String url, long outage) throws MqttException {
            this.outage = outage;
            client = new MqttAsyncClient(url, "drain-observer", new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(new MqttSubscription[] {new MqttSubscription("storebox/v1/" + STORE + "/ack", 1),
                new MqttSubscription("storebox/v1/" + STORE + "/status", 1)}).waitForCompletion(10_000);
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) {
            long now = System.nanoTime();
            String body = new String(m.getPayload(), StandardCharsets.UTF_8);
            if (topic.endsWith("/status")) {
                // The box's status after the outage (with its backlog), not the one of before that the broker restored.
                Matcher b = BACKLOG.matcher(body);
                if (onlineAt < 0 && body.contains("\"online\"") && b.find() && Long.parseLong(b.group(1)) >= outage) {
                    onlineAt = now;
                }
                return;
            }
            Matcher x = UP_TO.matcher(body);
            if (!x.find() || m.isRetained()) {
                return; // the retained ack is the one of before the outage: only live ones time the drain
            }
            long n = Long.parseLong(x.group(1));
            acks.incrementAndGet();
            synchronized (history) {
                if (n > upTo.get()) {
                    if (firstAckAt < 0) {
                        firstAckAt = now;
                    }
                    history.add(new long[] {n, now});
                    upTo.set(n);
                    history.notifyAll();
                }
            }
        }

        /** When the first ack with up_to >= seq arrived; Long.MAX_VALUE if none yet. */
        long storedAt(long seq) {
            synchronized (history) {
                int lo = 0;
                int hi = history.size() - 1;
                long found = Long.MAX_VALUE;
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    if (history.get(mid)[0] >= seq) {
                        found = history.get(mid)[1];
                        hi = mid - 1;
                    } else {
                        lo = mid + 1;
                    }
                }
                return found;
            }
        }

        long allAckedAt(long seq) {
            return storedAt(seq);
        }

        /** Waits for an ack covering seq; returns its arrival time. */
        long awaitStored(long seq, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (history) {
                while (upTo.get() < seq) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        throw new IllegalStateException("no ack covering seq " + seq + " within " + timeout + "; acked " + upTo);
                    }
                    history.wait(left);
                }
            }
            return storedAt(seq);
        }

        @Override
        public void close() {
            try {
                client.disconnectForcibly(0, 1000, false);
                client.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

    /** A Paho callback that ignores everything; subclasses override what they need. */
    static class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            System.err.println("MQTT: disconnected: " + r);
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            System.err.println("MQTT error: " + e);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    // ------------------------------------------------------------------ processes and helpers

    private static Process startBroker(Path conf, Path dir) throws IOException {
        return new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private static Process startIngest(Path hqJar, String url, String jdbc, Path dir) throws IOException {
        Path log = dir.resolve("ingest.log");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(HQ_JVM.trim().split("\\s+")));
        if (!JFR.isBlank()) {
            cmd.add("-XX:FlightRecorderOptions:stackdepth=256");
        }
        cmd.addAll(List.of("-jar", hqJar.toString(), "ingest", "--broker", url, "--client-id", "hq-drain", "--jdbc", jdbc));
        return new ProcessBuilder(cmd)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** SIGTERM and wait (Mosquitto saves its persistence file, ingest keeps its session). */
    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitListening(int port) {
        await("a broker listening on " + port, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 60 s: " + what);
            }
            LockSupportPause.ms(2);
        }
    }

    /**
     * When a log line after {@code from} containing {@code needle} was written, by its leading time stamp (the box's
     * {@code 2026-12-03T15:03:13.822+0000}, ingest's {@code 2026-12-03T15:00:49.334} in local time), in epoch ms.
     */
    static long loggedAt(String log, int from, String needle) {
        int at = log.indexOf(needle, from);
        if (at < 0) {
            throw new IllegalStateException("no \"" + needle + "\" in the log after the outage");
        }
        String line = log.substring(log.lastIndexOf('\n', at) + 1);
        String stamp = line.substring(0, line.indexOf(' '));
        if (stamp.length() > 23) {
            return java.time.OffsetDateTime.parse(stamp, java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSSxx")).toInstant().toEpochMilli();
        }
        return java.time.LocalDateTime.parse(stamp).atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static String mosquitto() {
        try {
            return run("/usr/sbin/mosquitto", "-h").lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // mosquitto -h exits 3; its first line is the version anyway.
            String m = e.getMessage() == null ? "?" : e.getMessage();
            int i = m.indexOf("mosquitto version");
            return i < 0 ? "?" : m.substring(i, m.indexOf('\n', i) < 0 ? m.length() : m.indexOf('\n', i));
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (" + Instant.now() + ")";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response ok(Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + r);
        }
        return r;
    }

    private static int max(int[] a) {
        return Arrays.stream(a).max().orElse(1);
    }

    private static String sec(long nanos) {
        return nanos < 0 ? "-" : String.format("%.2f s", nanos / 1e9);
    }

    /** A short pause in a polling loop (never in the measured path). */
    private static final class LockSupportPause {
        static void ms(long ms) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
        }
    }
}

package org.storebox.hq;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.mqttv5.client.*;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Fleet simulator (benchmark, not a test): Mosquitto + two hq ingest processes (one H2 file,
 * AUTO_SERVER) + N simulated store uplinks in this JVM.
 * Run: mvn -B -o -pl hq -am package -DskipTests, then
 * mvn -B -o -pl hq -Pfleet-bench exec:exec -Dfleet.stores=500 -Dfleet.seconds=120 [-Dfleet.fault=kill]
 * or, from hq/: java -cp target/test-classes:target/storebox-hq.jar org.storebox.hq.FleetBench STORES SECONDS [kill]
 * "kill" kills ingest process hq-1 (SIGKILL) half way through; the other must take every share.
 */
public final class FleetBench {
    static final Pattern UP_TO = Pattern.compile("\"up_to\"\\s*:\\s*(\\d+)");
    static final List<Long> latNs = Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong sent = new AtomicLong(), resent = new AtomicLong();

    public static void main(String[] a) throws Exception {
        int stores = a.length > 0 ? Integer.parseInt(a[0]) : 50;
        int seconds = a.length > 1 ? Integer.parseInt(a[1]) : 30;
        boolean kill = a.length > 2 && a[2].equals("kill");
        String jar = System.getProperty("hq.jar", "target/storebox-hq.jar");
        Path dir = Files.createTempDirectory("fleet");
        TestMosquitto mosquitto = new TestMosquitto(dir, "max_queued_messages 100000\nmax_inflight_messages 0\nset_tcp_nodelay true\n");
        Process broker = mosquitto.process;
        String url = mosquitto.url;
        String jdbc = "jdbc:h2:file:" + dir.resolve("hq") + ";AUTO_SERVER=TRUE";
        Process[] ingest = new Process[2];
        for (int i = 0; i < 2; i++) {
            ingest[i] = new ProcessBuilder("java", "-Xmx256m", "-jar", jar, "ingest", "--broker", url,
                    "--client-id", "hq-" + (i + 1), "--jdbc", jdbc).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ingest-" + (i + 1) + ".log").toFile()).start();
            Path log = dir.resolve("ingest-" + (i + 1) + ".log");
            Poll.until(java.time.Duration.ofSeconds(60), () -> read(log).contains("subscribed to"), () -> "ingest subscribed: " + read(log));
        }
        ScheduledExecutorService ex = Executors.newScheduledThreadPool(4);
        List<Store> fleet = new ArrayList<>();
        long c0 = System.nanoTime();
        List<IMqttToken> conns = new ArrayList<>();
        for (int i = 0; i < stores; i++) { Store s = new Store(String.format("F%04d", i), url); fleet.add(s); conns.add(s.connect()); }
        for (IMqttToken t : conns) t.waitForCompletion(60_000);
        for (Store s : fleet) s.subscribe();
        double connectS = (System.nanoTime() - c0) / 1e9;
        System.err.printf("connected %d stores in %.2f s%n", stores, connectS);
        long t0 = System.nanoTime(), end = t0 + seconds * 1_000_000_000L;
        Random rnd = new Random(42);
        for (Store s : fleet) {
            ex.scheduleAtFixedRate(() -> s.tick(end), rnd.nextInt(200), 200, TimeUnit.MILLISECONDS);
        }
        if (kill) { Thread.sleep(seconds * 500L); ingest[0].destroyForcibly(); System.err.println("killed ingest hq-1"); }
        while (System.nanoTime() < end) Thread.sleep(200);
        long produced = fleet.stream().mapToLong(s -> s.seq).sum();
        long drainStart = System.nanoTime();
        long deadline = drainStart + 120_000_000_000L;
        while (System.nanoTime() < deadline && fleet.stream().anyMatch(s -> !s.outbox.isEmpty())) Thread.sleep(200);
        double wall = (System.nanoTime() - t0) / 1e9, drain = (System.nanoTime() - drainStart) / 1e9;
        long unacked = fleet.stream().mapToLong(s -> s.outbox.size()).sum();
        String cpu = procStats("mosquitto", broker) + "; " + procStats("ingest-1", ingest[0]) + "; " + procStats("ingest-2", ingest[1]);
        ex.shutdownNow();
        for (Store s : fleet) try { s.c.disconnect().waitForCompletion(5000); } catch (Exception e) { }
        Process st = new ProcessBuilder("java", "-jar", jar, "stores", "--jdbc", jdbc).redirectErrorStream(true).start();
        String out = new String(st.getInputStream().readAllBytes(), StandardCharsets.UTF_8); st.waitFor();
        long stored = 0, dups = 0, gaps = 0, ackedOk = 0;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].startsWith("F")) continue;
            stored += Long.parseLong(f[5]); dups += Long.parseLong(f[8]);
            if (!f[7].equals("-")) gaps++;
        }
        List<Long> l; synchronized (latNs) { l = new ArrayList<>(latNs); } Collections.sort(l);
        System.out.println("| stores | duration s | events sent (unique) | batches resent | events stored by HQ | unacked at end | stores with gaps | duplicates dropped | events/s | latency p50 / p95 / p99 / max ms | connect s | drain s | processes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf("| %d | %d | %d | %d | %d | %d | %d | %d | %.0f | %s / %s / %s / %s | %.2f | %.1f | %s |%n",
                stores, seconds, produced, resent.get(), stored, unacked, gaps, dups, produced / wall,
                p(l, .5), p(l, .95), p(l, .99), p(l, 1.0), connectS, drain, cpu);
        System.out.println("logs: " + dir);
        for (Process p : ingest) p.destroy();
        broker.destroy();
        System.exit(stored == produced && unacked == 0 ? 0 : 1);
    }

    static String p(List<Long> l, double q) {
        if (l.isEmpty()) return "-";
        return String.format("%.0f", l.get(Math.min(l.size() - 1, (int) Math.ceil(q * l.size()) - 1)) / 1e6);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static String procStats(String name, Process p) {
        try {
            String[] f = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).split("\\) ")[1].split(" ");
            double cpuS = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")))
                if (line.startsWith("VmHWM:")) rssKb = Long.parseLong(line.replaceAll("\\D", ""));
            return String.format("%s %.1f s CPU, peak RSS %d MB", name, cpuS, rssKb / 1024);
        } catch (Exception e) { return name + " gone"; }
    }

    static final class Store implements MqttCallback {
        final String id; final MqttAsyncClient c;
        final ConcurrentSkipListMap<Long, String> outbox = new ConcurrentSkipListMap<>();
        final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        final Random rnd; long seq; volatile long nextToSend = 1; int burst;

        Store(String id, String url) throws MqttException {
            this.id = id; this.rnd = new Random(id.hashCode());
            c = new MqttAsyncClient(url, "box-" + id, new MemoryPersistence());
            c.setCallback(this);
        }
        IMqttToken connect() throws MqttException {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false); o.setSessionExpiryInterval(86400L); o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(2000); o.setKeepAliveInterval(30);
            o.setWill("storebox/v1/" + id + "/status", new MqttMessage(status("offline").getBytes(), 1, true, null));
            return c.connect(o);
        }
        void subscribe() throws MqttException {
            c.subscribe("storebox/v1/" + id + "/ack", 1).waitForCompletion(30_000);
            publish("storebox/v1/" + id + "/status", status("online"), true);
        }
        String status(String state) {
            return "{\"state\":\"" + state + "\",\"version\":\"0.1.0\",\"backlog\":" + outbox.size()
                    + ",\"time\":\"" + Instant.now() + "\"}";
        }
        /** every 200 ms: sell at 0.5 sale/s on average with bursts, then send one batch of what is not yet sent. */
        synchronized void tick(long end) {
            try {
                if (System.nanoTime() < end) {
                    if (burst == 0 && rnd.nextDouble() < 0.01) burst = 10;          // a queue at the till: 2 s at 2.5 sales/s
                    int n = burst > 0 ? (rnd.nextDouble() < 0.5 ? 1 : 0) : (rnd.nextDouble() < 0.07 ? 1 : 0);
                    if (burst > 0) burst--;
                    for (int i = 0; i < n; i++) sale();
                    if (rnd.nextDouble() < 0.002) publish("storebox/v1/" + id + "/status", status("online"), true);
                }
                if (!c.isConnected()) return;
                StringBuilder b = new StringBuilder("{\"store\":\"" + id + "\",\"events\":[");
                int k = 0; long last = nextToSend - 1;
                for (Map.Entry<Long, String> e : outbox.tailMap(nextToSend).entrySet()) {
                    if (k++ == 50) break;
                    if (k > 1) b.append(',');
                    b.append(e.getValue()); last = e.getKey();
                }
                if (k == 0) return;
                b.append("]}");
                publish("storebox/v1/" + id + "/events", b.toString(), false);
                sent.addAndGet(Math.min(k, 50));
                nextToSend = last + 1;
            } catch (Exception e) { /* disconnected: resend after reconnect */ }
        }
        void sale() {
            long s = ++seq; long now = System.nanoTime();
            sentAt.put(s, now);
            StringBuilder lines = new StringBuilder();
            int nl = 1 + rnd.nextInt(6);
            for (int i = 0; i < nl; i++) {
                if (i > 0) lines.append(',');
                lines.append("{\"line\":").append(i + 1).append(",\"sku\":\"SKU-").append(10000 + rnd.nextInt(90000))
                        .append("\",\"name\":\"Product ").append(rnd.nextInt(5000)).append("\",\"qty\":\"").append(1 + rnd.nextInt(3))
                        .append("\",\"unit_price\":\"4.99\",\"tax_class\":\"standard\",\"tax_rate\":\"0.20\",\"discount\":\"0.00\",\"line_total\":\"4.99\"}");
            }
            String ev = "{\"seq\":" + s + ",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"sale.completed\",\"time\":\""
                    + Instant.now() + "\",\"data\":{\"sale_id\":\"" + UUID.randomUUID() + "\",\"store\":\"" + id
                    + "\",\"terminal\":\"T" + (1 + rnd.nextInt(4)) + "\",\"cashier\":\"C" + rnd.nextInt(20)
                    + "\",\"sent_ns\":" + now + ",\"currency\":\"EUR\",\"lines\":[" + lines
                    + "],\"subtotal\":\"24.95\",\"tax\":\"4.16\",\"total\":\"24.95\",\"tenders\":[{\"type\":\"card\",\"amount\":\"24.95\",\"reference\":\"" + UUID.randomUUID()
                    + "\"}],\"loyalty\":{\"card\":\"L" + rnd.nextInt(1_000_000) + "\",\"points\":24}}}";
            outbox.put(s, ev);
        }
        void publish(String topic, String payload, boolean retained) throws MqttException {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, new MqttProperties());
            c.publish(topic, m);
        }
        @Override public void messageArrived(String topic, MqttMessage m) {
            Matcher x = UP_TO.matcher(new String(m.getPayload(), StandardCharsets.UTF_8));
            if (!x.find()) return;
            long upTo = Long.parseLong(x.group(1)), now = System.nanoTime();
            for (Long k : new ArrayList<>(outbox.headMap(upTo, true).keySet())) {
                outbox.remove(k); Long t = sentAt.remove(k);
                if (t != null) latNs.add(now - t);
            }
        }
        @Override public void connectComplete(boolean reconnect, String uri) {
            if (reconnect) { Long first = outbox.isEmpty() ? null : outbox.firstKey();
                if (first != null && first < nextToSend) { resent.incrementAndGet(); nextToSend = first; } }
        }
        @Override public void disconnected(MqttDisconnectResponse r) { }
        @Override public void mqttErrorOccurred(MqttException e) { }
        @Override public void deliveryComplete(IMqttToken t) { }
        @Override public void authPacketArrived(int reasonCode, MqttProperties p) { }
    }
}

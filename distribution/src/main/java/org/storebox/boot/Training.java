package org.storebox.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run behind {@code STOREBOX_DATA=<scratch> java -XX:ArchiveClassesAtExit=storebox.jsa -jar
 * storebox.jar --train}: the box starts on a scratch data directory, a terminal makes its first sale through the
 * HTTP API the way a real one does, and the JVM exits, writing the classes it loaded (and linked: see BENCHMARKS.md
 * on the ones it skips) into the class-data archive that later starts map instead of loading and verifying those
 * classes again (README, "Start-up"). Any unexpected answer ends the run with status 1: an archive of a box that
 * cannot sell is no use.
 */
final class Training implements Runnable {
    /** Present in a directory a training run made, so that the next run may wipe it. */
    static final String MARKER = ".storebox-training";
    /** The class on the launcher's class path that links the bundles' classes (see bundles/org.storebox.boot.linker). */
    static final String LINKER = "org.storebox.boot.linker.Linker";
    /** Where that class leaves its function, the one thing the two share (same value as Linker.KEY). */
    private static final String LINKER_KEY = "storebox.training.linker";
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

    private final Path data;
    private final String base;

    Training(Path data, String port) {
        this.data = data;
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Refuses a data directory that was not named in {@code STOREBOX_DATA} or that holds anything but an earlier
     * training run, then empties it. The box itself refuses to start on a directory with the marker.
     */
    static void prepare(Path dir) throws IOException {
        if (System.getenv("STOREBOX_DATA") == null || System.getenv("STOREBOX_DATA").isBlank()) {
            throw new IllegalStateException("--train: set STOREBOX_DATA to a scratch directory (the run records a sale"
                    + " there)");
        }
        if (System.getenv("STOREBOX_MQTT_URL") != null) {
            throw new IllegalStateException("--train: unset STOREBOX_MQTT_URL first; the training sale would reach HQ");
        }
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER))) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("--train: STOREBOX_DATA must name an empty directory (the run records"
                            + " a sale there): " + dir);
                }
            }
        }
        Main.deleteTree(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "scratch data of a storebox training run; safe to delete\n");
        // Every class loaded from now on, for the linker (the JVM's unified logging, switched on from inside; the
        // path quoted, as the command's arguments are split at spaces). A JVM without the DiagnosticCommand MBean
        // still trains an archive, without the bundles' unlinked classes.
        try {
            java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmLog",
                    new Object[] {new String[] {"output=\"" + classLog(dir) + "\"", "what=class+load=info",
                        "decorators=none"}},
                    new String[] {String[].class.getName()});
            System.setProperty("launch.activators", LINKER);
        } catch (javax.management.JMException | RuntimeException e) {
            System.err.println("storebox training: class loading not logged (" + e + "); the archive will hold only"
                    + " the classes the run linked itself");
        }
    }

    private static Path classLog(Path dir) {
        return dir.resolve("classes.log");
    }

    @Override
    public void run() {
        int status = 1;
        try {
            long start = System.nanoTime();
            awaitHealth(start + 120_000_000_000L);
            String admin = token(Files.readString(data.resolve("initial-admin-credentials.json")));
            call("PUT", "/api/v1/products/TRAIN-1", admin, "{\"sku\":\"TRAIN-1\",\"name\":\"Training\",\"price\":\"5.00\","
                    + "\"barcodes\":[\"4006381333931\"],\"tax_class\":\"standard\",\"active\":true}");
            call("POST", "/api/v1/stock/receipts", admin, "{\"reference\":\"GR-TRAIN\",\"lines\":[{\"sku\":\"TRAIN-1\",\"qty\":10}]}");
            String lane = token(call("POST", "/api/v1/terminals", admin, "{\"name\":\"training\"}"));
            String id = UUID.randomUUID().toString();
            String sale = "{\"id\":\"" + id + "\",\"lines\":[{\"sku\":\"TRAIN-1\",\"qty\":1},{\"barcode\":\"4006381333931\","
                    + "\"qty\":1}],\"tenders\":[{\"type\":\"cash\",\"amount\":\"20.00\"}]}";
            call("POST", "/api/v1/sales", lane, sale);
            call("POST", "/api/v1/sales", lane, sale);
            call("GET", "/api/v1/sales/" + id, lane, null);
            call("GET", "/api/v1/stock/TRAIN-1", lane, null);
            long sold = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("storebox training: a sale taken %d ms after the start; %d bundle classes linked; exiting%n",
                    sold, link());
            status = 0;
        } catch (Exception e) {
            System.err.println("storebox training failed: " + e.getMessage());
        }
        System.exit(status);
    }

    /** Has the linker link what the bundles loaded; the archive holds only linked classes. */
    @SuppressWarnings("unchecked")
    private int link() {
        Object linker = System.getProperties().get(LINKER_KEY);
        if (!(linker instanceof java.util.function.ToIntFunction)) {
            System.err.println("storebox training: " + LINKER + " did not start (not on the launcher's -runpath, or"
                    + " class loading not logged); no bundle class linked");
            return 0;
        }
        return ((java.util.function.ToIntFunction<Path>) linker).applyAsInt(classLog(data));
    }

    private void awaitHealth(long deadline) throws Exception {
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = open("GET", "/health", null);
                if (c.getResponseCode() == 200) {
                    return;
                }
                last = "status " + c.getResponseCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("GET /health did not answer 200 within 120 s (" + last + ")");
    }

    /** Takes the client id and secret out of {@code json} and answers an access token for them. */
    private String token(String json) throws IOException {
        String form = "grant_type=client_credentials&client_id=" + enc(field(json, "client_id"))
                + "&client_secret=" + enc(field(json, "client_secret"));
        HttpURLConnection c = open("POST", "/oauth2/token", null);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        return field(send(c, form, "POST /oauth2/token"), "access_token");
    }

    private String call(String method, String path, String token, String json) throws IOException {
        HttpURLConnection c = open(method, path, token);
        if (json != null) {
            c.setRequestProperty("Content-Type", "application/json");
        }
        return send(c, json, method + " " + path);
    }

    private HttpURLConnection open(String method, String path, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        return c;
    }

    private static String send(HttpURLConnection c, String body, String what) throws IOException {
        if (body != null) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int code = c.getResponseCode();
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            String answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (code / 100 != 2) {
                throw new IllegalStateException(what + " answered " + code + ": " + answer);
            }
            return answer;
        }
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no \"" + name + "\" in " + json);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

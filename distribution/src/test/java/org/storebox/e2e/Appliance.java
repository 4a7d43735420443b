package org.storebox.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Launches {@code storebox.jar} as a separate process on a free port and a data directory of its own,
 * and talks to it over HTTP. JUnit-free, so that the benchmark uses it too.
 *
 * <p>Waiting is always polling with a deadline; the pause between two polls is a bounded wait for
 * the process to exit, so a box that dies is noticed at once.
 */
public final class Appliance implements AutoCloseable {
    /** Jackson mapper shared by tests: plain, no naming strategy (the wire is snake_case already). */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Boxes still running when the test JVM exits (a killed build, a failed teardown) are killed, never orphaned. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "appliance-reaper"));
    }

    private final String name;
    private final Path jar;
    private final Path dataDir;
    private final Path logFile;
    private final List<String> jvmOptions;
    private final boolean classArchive;
    private final String storeId;
    private final Map<String, String> extraEnv;
    private final boolean deleteDataOnClose;
    private final HttpClient http;
    private Process process;
    private int port;
    private long startedAtNanos;
    private Duration lastStartToHealthy;

    private Appliance(Builder b) throws IOException {
        this.name = b.name;
        this.jar = b.jar != null ? b.jar : defaultJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no appliance jar at " + jar
                    + ": build it first with `mvn -B -q install -DskipTests` at the repository root");
        }
        this.dataDir = b.dataDir != null ? b.dataDir : Files.createTempDirectory("storebox-" + name + "-");
        this.deleteDataOnClose = b.dataDir == null && !Boolean.getBoolean("storebox.keepData");
        // Logs go to target/e2e-logs of the module the tests run in (failsafe's working directory), else beside the jar.
        Path logs = System.getProperty("storebox.logs") != null ? Paths.get(System.getProperty("storebox.logs"))
                : Files.isDirectory(Paths.get("target")) ? Paths.get("target", "e2e-logs").toAbsolutePath()
                : jar.toAbsolutePath().getParent().resolve("e2e-logs");
        Files.createDirectories(logs);
        this.logFile = logs.resolve(name + "-" + LocalDateTime.now().format(STAMP) + "-"
                + COUNTER.incrementAndGet() + ".log");
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.classArchive = b.classArchive;
        this.storeId = b.storeId;
        this.extraEnv = Map.copyOf(b.env);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Path config = dataDir.resolve("config");
        Files.createDirectories(config);
        for (Map.Entry<String, String> e : b.configFiles.entrySet()) {
            Files.writeString(config.resolve(e.getKey() + ".cfg"), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** A builder; {@code name} is used for the log file and the temporary data directory. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Launches a box with default settings and waits until it is healthy. */
    public static Appliance start(String name) throws IOException {
        return builder(name).start();
    }

    /** The class-data archive beside a jar, as the build trains it: storebox.jar, storebox.jsa (README, "Start-up"). */
    public static Path classArchive(Path jar) {
        return jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
    }

    private static boolean isFresh(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Trains the class-data archive of {@code jar} the way the README tells an installer to (a training run on
     * scratch data, {@code --train}), unless one newer than the jar is there already; a benchmark of a copy of the
     * jar needs its own, as an archive is valid only for the jar at the path it was trained with.
     */
    public static void trainClassArchive(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
        Path archive = classArchive(jar);
        if (isFresh(archive, jar)) {
            return;
        }
        Path scratch = Files.createTempDirectory("storebox-train-");
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-jar", jar.toString(), "--train"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("STOREBOX_"));
        pb.environment().put("STOREBOX_DATA", scratch.toString());
        Path log = scratch.resolveSibling(scratch.getFileName() + ".log");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("the training run for " + archive + " failed; its log: " + log);
            }
        } finally {
            deleteTree(scratch);
        }
        Files.deleteIfExists(log);
    }

    /**
     * Where the jar is: environment variable {@code STOREBOX_E2E_JAR} (to test a copy while the build rewrites
     * target/), else system property {@code storebox.jar} (set by failsafe), else {@code distribution/target/storebox.jar}.
     */
    public static Path defaultJar() {
        String e = System.getenv("STOREBOX_E2E_JAR");
        if (e != null && !e.isBlank()) {
            return Paths.get(e).toAbsolutePath();
        }
        String p = System.getProperty("storebox.jar");
        if (p != null && !p.isBlank()) {
            return Paths.get(p).toAbsolutePath();
        }
        Path here = Paths.get("target", "storebox.jar");
        return Files.exists(here) ? here.toAbsolutePath() : Paths.get("distribution", "target", "storebox.jar").toAbsolutePath();
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts the process and polls {@code GET /health} until 200 (deadline 60 s). */
    public synchronized Appliance launch() throws IOException {
        launchProcess();
        awaitHealthy(Duration.ofSeconds(60));
        return this;
    }

    /** Starts the process without waiting for anything; {@link #startedAtNanos()} is the moment of launch. */
    public synchronized void launchProcess() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the appliance is already running (pid " + process.pid() + ")");
        }
        port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        Path archive = classArchive(jar);
        if (classArchive && isFresh(archive, jar)
                && jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-Xshare"))) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("STOREBOX_"));
        env.put("STOREBOX_DATA", dataDir.toString());
        env.put("STOREBOX_HTTP_PORT", Integer.toString(port));
        env.put("STOREBOX_STORE_ID", storeId);
        env.putAll(extraEnv);
        pb.directory(dataDir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Files.writeString(logFile, "=== launch " + String.join(" ", cmd) + " port=" + port + " data=" + dataDir
                + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        startedAtNanos = System.nanoTime();
        process = pb.start();
        LIVE.add(process);
        process.onExit().thenAccept(LIVE::remove);
    }

    /** Polls {@code GET /health} until it answers 200, failing when the process exits or the deadline passes. */
    public Duration awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                Response r = call("GET", "/health", null, null, Duration.ofSeconds(2));
                if (r.status() == 200) {
                    lastStartToHealthy = Duration.ofNanos(System.nanoTime() - startedAtNanos);
                    return lastStartToHealthy;
                }
                last = r.status() + " " + r.body();
            } catch (UncheckedIOException e) {
                last = e.getCause().toString();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no 200 from /health within " + timeout.toSeconds() + " s (last: "
                        + last + "); log: " + logFile + "\n" + logTail(40));
            }
            if (exitedWithin(Duration.ofMillis(20))) {
                throw new IllegalStateException("the appliance exited with " + process.exitValue()
                        + " before it was healthy; log: " + logFile + "\n" + logTail(60));
            }
        }
    }

    /** What {@code java -jar storebox.jar shell ...} printed (standard output and error) and its exit status. */
    public record ShellAnswer(int exit, String output) {
    }

    /** Runs {@code java -jar storebox.jar shell <command>} against this box's data directory, as a technician would. */
    public ShellAnswer shell(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "shell"));
        cmd.addAll(List.of(command));
        Path out = Files.createTempFile("storebox-shell-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("STOREBOX_"));
            pb.environment().put("STOREBOX_DATA", dataDir.toString());
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("storebox.jar shell " + String.join(" ", command)
                        + " did not end in 30 s; it printed: " + Files.readString(out));
            }
            return new ShellAnswer(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value, pausing 100 ms between polls (a wait for the process
     * to exit), and returns that value; fails with {@code what}, the last value and the log's tail at the deadline.
     */
    public <T> T await(String what, Duration timeout, java.util.function.Supplier<T> probe,
            java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout.toSeconds() + " s; last: " + last
                        + "\n" + logTail(30));
            }
            exitedWithin(Duration.ofMillis(100));
            last = probe.get();
        }
        return last;
    }

    /**
     * Waits up to {@code d} for the process to exit: the pause between two polls. Returns true when it
     * has exited (or was never started).
     */
    public boolean exitedWithin(Duration d) {
        Process p = process;
        if (p == null) {
            return true;
        }
        try {
            return p.waitFor(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends SIGTERM and waits for the exit; returns how long the box took. Throws when it outlives {@code timeout}. */
    public synchronized Duration stop(Duration timeout) {
        if (process == null || !process.isAlive()) {
            return Duration.ZERO;
        }
        long t0 = System.nanoTime();
        process.destroy(); // SIGTERM on Linux
        if (!exitedWithin(timeout)) {
            process.destroyForcibly();
            exitedWithin(Duration.ofSeconds(10));
            throw new IllegalStateException("the appliance did not exit within " + timeout.toSeconds()
                    + " s of SIGTERM; killed it; log: " + logFile + "\n" + logTail(40));
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** SIGTERM, waiting up to 30 s. */
    public Duration stop() {
        return stop(Duration.ofSeconds(30));
    }

    /** kill -9: {@link Process#destroyForcibly()} sends SIGKILL on Linux. Waits for the process to be gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!exitedWithin(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the appliance survived SIGKILL for 30 s (pid " + process.pid() + ")");
        }
    }

    /** Stops cleanly (if running) and starts again on the same data directory, waiting for health. */
    public synchronized Appliance restart() throws IOException {
        stop();
        return launch();
    }

    /** Exit value of the last process, or empty while it runs. */
    public synchronized Optional<Integer> exitValue() {
        if (process == null || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(process.exitValue());
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public synchronized void close() {
        try {
            if (process != null && process.isAlive()) {
                try {
                    stop(Duration.ofSeconds(30));
                } catch (IllegalStateException e) {
                    System.err.println(e.getMessage());
                }
            }
        } finally {
            if (deleteDataOnClose) {
                deleteTree(dataDir);
            }
        }
    }

    // ---------------------------------------------------------------- files

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public int port() {
        return port;
    }

    public String storeId() {
        return storeId;
    }

    public long startedAtNanos() {
        return startedAtNanos;
    }

    /** Time from launch to the first 200 of /health in the last {@link #launch()}. */
    public Duration lastStartToHealthy() {
        return lastStartToHealthy;
    }

    public Path adminCredentialsFile() {
        return dataDir.resolve("initial-admin-credentials.json");
    }

    /** {@code client_id} and {@code client_secret} from {@code initial-admin-credentials.json}. */
    public Credentials adminCredentials() {
        try {
            JsonNode n = JSON.readTree(Files.readString(adminCredentialsFile()));
            return new Credentials(n.path("client_id").asText(null), n.path("client_secret").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + adminCredentialsFile(), e);
        }
    }

    /** Total size of the H2 data files {@code <data>/db/*.mv.db}. */
    public long dataFileBytes() {
        return dataFileBytes(dataDir.resolve("db"));
    }

    public static long dataFileBytes(Path dbDir) {
        if (!Files.isDirectory(dbDir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dbDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mv.db")).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code n} lines of the log, for failure messages. */
    public String logTail(int n) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ---------------------------------------------------------------- HTTP

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code POST /oauth2/token} with the client-credentials grant in the form; returns the access token. */
    public String token(String clientId, String secret) {
        Response r = tokenRequest(Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret), null);
        if (r.status() != 200 || !r.json().hasNonNull("access_token")) {
            throw new IllegalStateException("token for " + clientId + " refused: " + r);
        }
        return r.json().get("access_token").asText();
    }

    public String token(Credentials c) {
        return token(c.clientId(), c.clientSecret());
    }

    /** A token for the admin client of {@code initial-admin-credentials.json}. */
    public String adminToken() {
        return token(adminCredentials());
    }

    /** {@code POST /oauth2/token} with a form and, when {@code basic} is given, HTTP Basic client authentication. */
    public Response tokenRequest(Map<String, String> form, Credentials basic) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/oauth2/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basic != null) {
            String user = URLEncoder.encode(basic.clientId(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(basic.clientSecret(), StandardCharsets.UTF_8);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        }
        return send(b.build());
    }

    /**
     * A JSON call. {@code body}: null for none, a String sent as is, anything else serialised with
     * Jackson; sent as {@code application/json}. {@code token}: the bearer token or null.
     */
    public Response call(String method, String path, String token, Object body) {
        return call(method, path, token, body, Duration.ofSeconds(30));
    }

    public Response call(String method, String path, String token, Object body, Duration timeout) {
        byte[] bytes = null;
        if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof byte[] b) {
            bytes = b;
        } else if (body != null) {
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return raw(method, path, bytes == null ? Map.of() : Map.of("Content-Type", "application/json"),
                token, bytes, timeout);
    }

    /** Any request: headers as given, bearer token if not null, body bytes if not null. */
    public Response raw(String method, String path, Map<String, String> headers, String token, byte[] body,
            Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(timeout);
        headers.forEach(b::header);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.build());
    }

    private Response send(HttpRequest req) {
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(req.method() + " " + req.uri().getPath(), r.statusCode(), r.headers(),
                    new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A free TCP port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** A {@link LinkedHashMap} from alternating keys and values, for JSON bodies that read like the wire. */
    public static Map<String, Object> obj(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** An OAuth client's id and secret. */
    public record Credentials(String clientId, String clientSecret) {
    }

    /** An HTTP answer: status, headers, body text and (lazily) its JSON. */
    public static final class Response {
        private final String request;
        private final int status;
        private final HttpHeaders headers;
        private final String body;
        private JsonNode json;

        Response(String request, int status, HttpHeaders headers, String body) {
            this.request = request;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public HttpHeaders headers() {
            return headers;
        }

        public String body() {
            return body;
        }

        /** The Content-Type without parameters, lower case; empty string when absent. */
        public String mediaType() {
            return headers.firstValue("Content-Type").map(v -> v.split(";")[0].trim().toLowerCase()).orElse("");
        }

        /** The body as JSON; a MissingNode when it is not JSON. */
        public synchronized JsonNode json() {
            if (json == null) {
                try {
                    json = body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
                } catch (IOException e) {
                    json = MissingNode.getInstance();
                }
            }
            return json;
        }

        @Override
        public String toString() {
            String b = body == null ? "" : body.length() > 1500 ? body.substring(0, 1500) + "..." : body;
            return request + " -> " + status + " " + headers.firstValue("Content-Type").orElse("(no content type)")
                    + " " + b;
        }
    }

    /** Settings for a launch. */
    public static final class Builder {
        private final String name;
        private Path jar;
        private Path dataDir;
        private String storeId = "E2E1";
        private final List<String> jvmOptions = new ArrayList<>();
        private boolean classArchive = true;
        private final Map<String, String> configFiles = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Use this data directory (kept on close) instead of a fresh temporary one. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder storeId(String id) {
            this.storeId = id;
            return this;
        }

        /** Starts without the class-data archive beside the jar even when there is one. */
        public Builder withoutClassArchive() {
            this.classArchive = false;
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** JVM options separated by spaces, as a benchmark property gives them ("-Xmx128m -XX:+UseParallelGC"). */
        public Builder jvmOptions(String spaceSeparated) {
            for (String o : spaceSeparated.trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    jvmOptions.add(o);
                }
            }
            return this;
        }

        /** An environment variable of every launch, for example {@code STOREBOX_MQTT_URL}. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Writes {@code <data>/config/<pid>.cfg} with these lines before the first start. */
        public Builder config(String pid, String... lines) {
            configFiles.put(pid, String.join("\n", lines) + "\n");
            return this;
        }

        /** Creates the harness without starting the process. */
        public Appliance build() throws IOException {
            return new Appliance(this);
        }

        /** Creates the harness and launches, waiting for health. Stops the process if health never comes. */
        public Appliance start() throws IOException {
            Appliance a = build();
            try {
                return a.launch();
            } catch (RuntimeException | IOException e) {
                a.kill();
                a.close();
                throw e;
            }
        }
    }
}

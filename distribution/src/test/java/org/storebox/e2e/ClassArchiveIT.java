package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive of README "Start-up": a training run ({@code --train}) writes one a box starts from and
 * sells with, and the training refuses what would mix its test sale with a store's books.
 */
class ClassArchiveIT {
    private static Path dir;
    private static Path jar;

    @BeforeAll
    static void copyJar() throws IOException {
        // A copy of its own: an archive belongs to the jar at one path, and the build's archive stays the build's.
        dir = Files.createTempDirectory("storebox-cds-");
        jar = Files.copy(Appliance.defaultJar(), dir.resolve("storebox.jar"));
    }

    @AfterAll
    static void cleanUp() {
        Appliance.deleteTree(dir);
    }

    @Test
    void aBoxStartsFromItsTrainedArchiveAndSells() throws Exception {
        Path archive = Appliance.classArchive(jar);
        Appliance.trainClassArchive(jar, List.of("-XX:+UseParallelGC"));
        assertTrue(Files.size(archive) > 1_000_000, "the training run wrote " + archive);

        // -Xshare:on: a JVM that cannot map the archive refuses to start instead of starting without it.
        Path classLog = dir.resolve("classes.log");
        try (Appliance box = Appliance.builder("cds").jar(jar).jvmOption("-XX:+UseParallelGC").jvmOption("-Xshare:on")
                .jvmOption("-XX:SharedArchiveFile=" + archive)
                .jvmOption("-Xlog:class+load=info:file=" + classLog).start()) {
            Store store = new Store(box);
            store.putProduct("CDS-1", "Archived", "4.20");
            store.receive("CDS-1", 10);
            String token = box.token(store.registerTerminal("lane-cds"));
            JsonNode sold = store.sell(token, sale(newId(), List.of(line("CDS-1", 2)), List.of(cash("10.00"))));
            assertEquals("8.40", sold.path("total").asText());
            assertEquals("1.60", sold.path("change").asText());
            assertEquals(8, store.onHand("CDS-1").intValue());
            assertFalse(box.log().contains("shared archive"), () -> "no word of the archive in the log:\n" + box.logTail(20));
        }
        // The archive holds what such a start loads, the bundles' classes included: without the training's linker
        // (bundles/org.storebox.boot.linker) about a fifth came from the bundles instead.
        List<String> loaded = Files.readAllLines(classLog);
        long fromBundles = loaded.stream().filter(l -> !l.contains("source: shared objects file")
                && !l.contains("source: jrt:/") && l.contains(" source: ")).count();
        System.out.printf("ClassArchiveIT: %d classes loaded, %d of them not from an archive or the JDK%n", loaded.size(),
                fromBundles);
        assertTrue(fromBundles * 10 < loaded.size(), () -> fromBundles + " of " + loaded.size()
                + " classes were loaded from their jars, not from the archive");
    }

    @Test
    void trainingRefusesAStoresDataAndHqAndTheBoxRefusesTrainingData() throws Exception {
        Ran noData = run(Map.of(), "--train");
        assertEquals(2, noData.status, noData.output);
        assertTrue(noData.output.contains("set STOREBOX_DATA to a scratch directory"), noData.output);

        Path store = Files.createDirectories(dir.resolve("store"));
        Path ledger = Files.writeString(store.resolve("keep.txt"), "a store's data");
        Ran onStore = run(Map.of("STOREBOX_DATA", store.toString()), "--train");
        assertEquals(2, onStore.status, onStore.output);
        assertTrue(onStore.output.contains("must name an empty directory"), onStore.output);
        assertEquals("a store's data", Files.readString(ledger), "nothing in the directory touched");

        Path scratch = dir.resolve("scratch");
        Ran toHq = run(Map.of("STOREBOX_DATA", scratch.toString(), "STOREBOX_MQTT_URL", "tcp://127.0.0.1:1"), "--train");
        assertEquals(2, toHq.status, toHq.output);
        assertTrue(toHq.output.contains("unset STOREBOX_MQTT_URL"), toHq.output);

        Path trained = Files.createDirectories(dir.resolve("trained"));
        Files.writeString(trained.resolve(".storebox-training"), "");
        Ran box = run(Map.of("STOREBOX_DATA", trained.toString(), "STOREBOX_HTTP_PORT", Integer.toString(Appliance.freePort())));
        assertEquals(2, box.status, box.output);
        assertTrue(box.output.contains("holds the scratch data of a training run"), box.output);
        assertFalse(Files.exists(trained.resolve("db")), "no database was created there");
    }

    private record Ran(int status, String output) {
    }

    private static Ran run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("STOREBOX_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 60 s: " + cmd);
        }
        return new Ran(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * {@code distribution/storebox.service}, the systemd unit of README "Installing as a service". No systemd runs here,
 * so: systemd's own checker reads it, its command line is Docker's, and a box installed as the README says starts
 * from exactly that command line and sells.
 */
class ServiceUnitIT {
    private static final Path UNIT = Paths.get("storebox.service");
    private static final Path DOCKERFILE = Paths.get("..", "docker", "Dockerfile");
    private static final String INSTALL_DIR = "/opt/storebox";

    @Test
    void systemdFindsNothingWrongWithTheUnit() throws Exception {
        Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", UNIT.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze answered within 60 s");
        assertEquals(0, p.exitValue(), () -> "systemd-analyze verify refused the unit:\n" + out);
        assertEquals("", out.strip(), "systemd-analyze verify warns of nothing (an unknown key is only a warning)");
    }

    @Test
    void theUnitStartsTheBoxAsTheDockerImageDoes() throws IOException {
        List<String> unit = execStart();
        List<String> docker = entrypoint();
        assertEquals(docker.subList(1, docker.size()), unit.subList(1, unit.size()),
                "the unit's java arguments are the Dockerfile's ENTRYPOINT's");
        assertTrue(unit.get(0).startsWith("/"), "systemd wants the java command as an absolute path: " + unit.get(0));
    }

    @Test
    void aBoxInstalledAsTheReadmeSaysStartsFromTheUnitsCommandLineAndSells() throws Exception {
        Path install = Files.createTempDirectory("storebox-opt-");
        try {
            Path jar = Files.copy(Appliance.defaultJar(), install.resolve("storebox.jar"));
            Path options = Files.copy(Paths.get("jvm.options"), install.resolve("jvm.options"));
            // README: the archive is trained where the jar is installed, with the same options file.
            Appliance.trainClassArchive(jar, List.of("@" + options));
            List<String> cmd = execStart();
            int dashJar = cmd.indexOf("-jar");
            assertEquals(INSTALL_DIR + "/storebox.jar", cmd.get(dashJar + 1), "the unit starts the installed jar");
            List<String> jvmOptions = cmd.subList(1, dashJar).stream().map(o -> o.replace(INSTALL_DIR, install.toString()))
                    .toList();
            Appliance.Builder b = Appliance.builder("unit").jar(jar);
            jvmOptions.forEach(b::jvmOption);
            try (Appliance box = b.start()) {
                Store store = new Store(box);
                store.putProduct("UNIT-1", "Served", "3.30");
                store.receive("UNIT-1", 5);
                String token = store.terminalToken("lane-unit");
                JsonNode sold = store.sell(token, sale(newId(), List.of(line("UNIT-1", 3)), List.of(cash("10.00"))));
                assertEquals("9.90", sold.path("total").asText());
                assertEquals(2, store.onHand("UNIT-1").intValue());
                assertFalse(box.log().contains("shared archive"),
                        () -> "the JVM used the archive trained for the installed jar:\n" + box.logTail(20));
                String launch = box.log().lines().findFirst().orElse("");
                assertTrue(launch.contains(" " + String.join(" ", jvmOptions) + " -jar " + jar),
                        () -> "the box ran with the unit's options " + jvmOptions + ": " + launch);
            }
        } finally {
            Appliance.deleteTree(install);
        }
    }

    /** The unit's ExecStart, split into its words (it has no quotes). */
    private static List<String> execStart() throws IOException {
        List<String> lines = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart=")).toList();
        assertEquals(1, lines.size(), "one ExecStart line in " + UNIT);
        return Arrays.asList(lines.get(0).substring("ExecStart=".length()).strip().split("\\s+"));
    }

    /** The Dockerfile's ENTRYPOINT, a JSON array over continued lines. */
    private static List<String> entrypoint() throws IOException {
        String text = Files.readString(DOCKERFILE).replace("\\\n", " ");
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*\\])\\s*$").matcher(text);
        assertTrue(m.find(), "an ENTRYPOINT in exec form in " + DOCKERFILE);
        return Arrays.asList(Appliance.JSON.readValue(m.group(1), String[].class));
    }
}

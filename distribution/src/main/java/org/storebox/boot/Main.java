package org.storebox.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Entry point of {@code storebox.jar}: turns the environment into launch settings, then starts the
 * bnd launcher embedded in the same jar. Settings given with {@code -D} win over the environment.
 * {@code storebox.jar shell <command>} instead runs one Gogo command in the box running on the same
 * data directory ({@link Shell}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Throwable {
        // --train: a training run for the class-data archive (see Training), on scratch data.
        boolean train = args.length == 1 && args[0].equals("--train");
        Path data = Paths.get(env("STOREBOX_DATA", "data")).toAbsolutePath().normalize();
        if (args.length > 0 && args[0].equals("shell")) {
            System.exit(Shell.run(data, java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        try {
            if (train) {
                Training.prepare(data);
                args = new String[0];
            } else if (Files.exists(data.resolve(Training.MARKER))) {
                throw new IllegalStateException(data + " holds the scratch data of a training run (a test sale and"
                        + " terminal), not a store's: point STOREBOX_DATA elsewhere, or delete it");
            }
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        Files.createDirectories(data);
        restrict(data);
        // Framework cache under the data directory, kept between starts (a warm start is much
        // faster) but wiped when the jar changed, so an upgraded jar never meets stale bundles.
        Path framework = data.resolve("framework");
        setDefault("launch.storage.dir", framework.toString());
        setDefault("launch.keep", "true");
        String stamp = jarStamp();
        Path stampFile = data.resolve("framework.stamp");
        if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
            deleteTree(framework);
            Files.writeString(stampFile, stamp);
        }
        String port = train ? Integer.toString(freePort()) : env("STOREBOX_HTTP_PORT", "8080");
        if (train) {
            System.setProperty("org.osgi.service.http.port", port);
        } else {
            setDefault("org.osgi.service.http.port", port);
        }
        // Configuration files (PID.cfg, PID-NAME.cfg) in the data directory feed ConfigAdmin.
        Path config = data.resolve("config");
        Files.createDirectories(config);
        setDefault("felix.fileinstall.dir", config.toString());
        setDefault("felix.fileinstall.noInitialDelay", "true");
        setDefault("felix.fileinstall.poll", "2000");
        setDefault("felix.fileinstall.log.level", "2");
        // Configuration only: fileinstall would also install any jar dropped here, and bundles reach
        // the box only signed by HQ.
        setDefault("felix.fileinstall.filter", ".*\\.(cfg|config)");
        // The files are the operator's: never rewrite them from ConfigAdmin.
        setDefault("felix.fileinstall.enableConfigSave", "false");
        // Without a console (systemd, Docker, </dev/null) the shell must not read standard input:
        // at end of file it would stop the whole framework.
        setDefault("gosh.args", System.console() == null ? "--nointeractive" : "");
        // The launcher copies the framework jar, and jSerialComm unpacks native code, into the
        // temporary directory: keep it ours (a noexec /tmp would break native code) and empty it
        // of what a killed process left behind. The JVM always sets java.io.tmpdir, so override it.
        Path tmp = data.resolve("tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        System.setProperty("java.io.tmpdir", tmp.toString());
        if (train) {
            Thread trainer = new Thread(new Training(data, port), "storebox-training");
            trainer.setDaemon(true);
            trainer.start();
        }
        Class.forName("aQute.launcher.pre.EmbeddedLauncher")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    /** Identifies the running jar: its size and modification time. */
    private static String jarStamp() {
        try {
            Path jar = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
        } catch (Exception e) {
            return "unknown-" + System.nanoTime();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void restrict(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to restrict.
        }
    }
}

package org.storebox.peripheral.serial.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two linked pseudo-terminals made by {@code socat}, for driver tests without hardware: the driver
 * opens {@link #dev()}, a device simulator holds {@link #sim()}.
 * <p>
 * Runs {@code socat -d -d pty,raw,echo=0,link=<dir>/dev pty,raw,echo=0,link=<dir>/sim} and waits
 * (polling with a deadline) until both links exist. {@link #unplug()} ends socat: both
 * pseudo-terminals vanish, as when a USB adapter is pulled, and socat removes the links;
 * {@link #replug()} starts socat again with the same link paths (the links then point at new
 * {@code /dev/pts/N} nodes, so both ends must reopen by link path).
 * <p>
 * The simulator end: use {@link SimEnd}, which opens the pty with jSerialComm
 * ({@code SerialPort.getCommPort(path)}) and reads with a 50 ms semi-blocking timeout, so a reader
 * thread can be stopped at any time. Plain {@code FileInputStream}s on the pty path also work for
 * data, but their {@code read} blocks uninterruptibly until data arrives or socat exits, so a test
 * cannot stop such a reader cleanly; that is why {@link SimEnd} does not use them.
 * <p>
 * socat's log ({@code -d -d}) goes to {@code <dir>/socat.log}; an exception on start includes it.
 */
public final class SocatPair implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(10);

    private final Path dir;
    private final Path dev;
    private final Path sim;
    private final Path log;
    private Process process;

    private SocatPair(Path dir) {
        this.dir = dir;
        this.dev = dir.resolve("dev");
        this.sim = dir.resolve("sim");
        this.log = dir.resolve("socat.log");
    }

    /** Starts socat with links {@code dir/dev} and {@code dir/sim}; returns once both exist. */
    public static SocatPair start(Path dir) throws IOException {
        Files.createDirectories(dir);
        SocatPair pair = new SocatPair(dir);
        pair.replug();
        return pair;
    }

    /** The path the driver under test opens. */
    public Path dev() {
        return dev;
    }

    /** The path the device simulator opens. */
    public Path sim() {
        return sim;
    }

    /** The directory that holds the links and socat's log. */
    public Path dir() {
        return dir;
    }

    /** Whether socat runs now. */
    public synchronized boolean isPlugged() {
        return process != null && process.isAlive();
    }

    /** Ends socat and waits until both links are gone: both ends see the device vanish. */
    public synchronized void unplug() throws IOException {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping socat", e);
        }
        // socat removes its links when it exits on SIGTERM; after a forced kill they would dangle
        Files.deleteIfExists(dev);
        Files.deleteIfExists(sim);
    }

    /** Starts socat again with the same link paths; returns once both links exist. */
    public synchronized void replug() throws IOException {
        if (isPlugged()) {
            return;
        }
        Files.deleteIfExists(dev);
        Files.deleteIfExists(sim);
        ProcessBuilder builder = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + dev, "pty,raw,echo=0,link=" + sim)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!(Files.exists(dev) && Files.exists(sim))) {
            if (!process.isAlive()) {
                throw new IOException("socat exited with " + process.exitValue() + ": " + readLog());
            }
            if (System.nanoTime() > deadline) {
                unplug();
                throw new IOException("socat did not create " + dev + " and " + sim + " within " + START_DEADLINE + ": " + readLog());
            }
            try {
                // polling interval only, not a wait for an outcome: the loop checks the deadline
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting socat", e);
            }
        }
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Ends socat; idempotent. */
    @Override
    public void close() throws IOException {
        unplug();
    }
}

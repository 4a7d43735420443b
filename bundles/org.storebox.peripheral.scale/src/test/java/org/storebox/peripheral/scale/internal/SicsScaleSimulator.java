package org.storebox.peripheral.scale.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.storebox.peripheral.serial.testing.SimEnd;

/**
 * An MT-SICS level 0 scale on the simulator end of a socat pair: answers S, SI, Z, @ and I4 from
 * a state the test sets, on its own reader thread.
 */
public final class SicsScaleSimulator implements AutoCloseable {

    /** What the scale does now. */
    public enum Mode {
        /** The load is still: weights are stable. */
        STABLE,
        /** The load moves: SI answers 'S D', S and Z answer 'I' (no stability in time). */
        MOTION,
        OVERLOAD,
        UNDERLOAD,
        /** Busy (adjusting): 'S I' and 'Z I'. */
        BUSY,
        /** Answers nothing. */
        SILENT,
        /** Answers every command with {@link #garbage}. */
        GARBAGE,
        /** Answers with the start of a weight line and never finishes it. */
        TRUNCATED,
        /** Answers every command with ET (it received the command garbled). */
        TRANSMISSION_ERROR
    }

    static final String SERIAL = "B021002593";

    private final Path path;
    private final List<String> commands = new ArrayList<>();
    private volatile Mode mode = Mode.STABLE;
    private volatile String weight = "0.345";
    private volatile String unit = "kg";
    private volatile String garbage = "S S      0.3#5 kg";
    /** SI answers 'S D' this many more times before the load settles (in STABLE mode). */
    private int motionPolls;
    private volatile SimEnd end;
    private Thread reader;
    private volatile boolean closed;

    public SicsScaleSimulator(Path path) throws IOException {
        this.path = path;
        open();
    }

    public void mode(Mode m) {
        mode = m;
    }

    public void weight(String value, String unit) {
        this.weight = value;
        this.unit = unit;
    }

    void garbage(String line) {
        this.garbage = line;
    }

    /** The next {@code polls} SI answers report motion, then the weight is stable. */
    synchronized void settleAfter(int polls) {
        motionPolls = polls;
    }

    /** The commands received so far, without CR LF. */
    public synchronized List<String> commands() {
        return new ArrayList<>(commands);
    }

    /** Opens the simulator's end again after the pair was re-plugged. */
    void reopen() throws IOException {
        stopReader();
        open();
    }

    private void open() throws IOException {
        end = SimEnd.open(path);
        SimEnd mine = end;
        reader = new Thread(() -> serve(mine), "sics-simulator");
        reader.setDaemon(true);
        reader.start();
    }

    private void serve(SimEnd in) {
        byte[] buf = new byte[256];
        StringBuilder line = new StringBuilder();
        try {
            while (!closed && in == end) {
                int n = in.read(buf);
                for (int i = 0; i < n; i++) {
                    char c = (char) (buf[i] & 0xFF);
                    if (c == '\n') {
                        String cmd = line.toString().replace("\r", "");
                        line.setLength(0);
                        String answer = answer(cmd);
                        if (answer != null) {
                            in.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        }
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // the pty is gone (unplugged): this reader ends; reopen() starts another
        }
    }

    /** The bytes to send for a command, CR LF included; null for no answer. */
    private String answer(String cmd) {
        boolean moving;
        synchronized (this) {
            commands.add(cmd);
            moving = cmd.equals("SI") && motionPolls > 0;
            if (moving) {
                motionPolls--;
            }
        }
        Mode m = mode;
        switch (m) {
            case SILENT:
                return null;
            case GARBAGE:
                return garbage + "\r\n";
            case TRUNCATED:
                return "S S      0.";
            case TRANSMISSION_ERROR:
                return "ET\r\n";
            default:
                break;
        }
        String body = switch (cmd) {
            case "S" -> switch (m) {
                case STABLE -> weightLine("S");
                case OVERLOAD -> "S +";
                case UNDERLOAD -> "S -";
                default -> "S I";
            };
            case "SI" -> switch (m) {
                case STABLE -> weightLine(moving ? "D" : "S");
                case MOTION -> weightLine("D");
                case OVERLOAD -> "S +";
                case UNDERLOAD -> "S -";
                default -> "S I";
            };
            case "Z" -> switch (m) {
                case STABLE -> "Z A";
                case OVERLOAD -> "Z +";
                case UNDERLOAD -> "Z -";
                default -> "Z I";
            };
            case "@", "I4" -> "I4 A \"" + SERIAL + "\"";
            default -> "ES";
        };
        return body + "\r\n";
    }

    /** A weight line as MT-SICS formats it: the value right-aligned in 10 characters. */
    private String weightLine(String status) {
        return String.format("S %s %10s %s", status, weight, unit);
    }

    private void stopReader() {
        SimEnd old = end;
        end = null;
        if (reader != null) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        stopReader();
    }
}

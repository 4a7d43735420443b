package org.storebox.peripheral.escpos.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.storebox.peripheral.serial.testing.SimEnd;

/**
 * A DM-D customer display on the simulator end of a socat pair: keeps a grid of two rows of
 * cells (a wide character fills two) that the driver's ESC @, CLR, US $ x y and text change.
 */
final class DisplaySimulator implements AutoCloseable {
    private final Path path;
    private final Charset charset;
    private final int columns;
    private final String[][] cells;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile boolean closed;
    private int x;
    private int y;
    private volatile int inits;
    private volatile boolean overwrite;

    DisplaySimulator(Path path, Charset charset, int columns) {
        this.path = path;
        this.charset = charset;
        this.columns = columns;
        this.cells = new String[2][columns];
        clear();
        this.thread = new Thread(this::run, "escpos-display-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Row 1 or 2 as shown. */
    synchronized String line(int row) {
        StringBuilder sb = new StringBuilder();
        for (String c : cells[row - 1]) {
            sb.append(c);
        }
        return sb.toString();
    }

    int inits() {
        return inits;
    }

    boolean overwrite() {
        return overwrite;
    }

    List<String> problems() {
        return problems;
    }

    private void clear() {
        for (String[] row : cells) {
            java.util.Arrays.fill(row, " ");
        }
        x = 0;
        y = 0;
    }

    private void run() {
        byte[] buffer = new byte[512];
        while (!closed) {
            if (Files.exists(path)) {
                try (SimEnd e = SimEnd.open(path)) {
                    while (!closed) {
                        int n = e.read(buffer);
                        if (n > 0) {
                            synchronized (this) {
                                pending.write(buffer, 0, n);
                                parse();
                            }
                        }
                    }
                } catch (IOException | RuntimeException ex) {
                    // unplugged: wait for the pty to come back
                }
            }
            try {
                Thread.sleep(20); // simulator's polling interval for the pty to reappear
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void parse() {
        byte[] b = pending.toByteArray();
        int i = 0;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c >= 0x20) {
                text.write(c);
                i++;
                continue;
            }
            put(text);
            int left = b.length - i;
            if (c == 0x0C) {
                clear();
                i++;
            } else if (c == 0x1B) {
                if (left < 2 || (b[i + 1] == 't' && left < 3)) {
                    break;
                }
                if (b[i + 1] == '@') {
                    clear();
                    inits++;
                    i += 2;
                } else if (b[i + 1] == 't') {
                    i += 3;
                } else {
                    problems.add("unknown ESC " + b[i + 1]);
                    i += 2;
                }
            } else if (c == 0x1C) {
                if (left < 2) {
                    break;
                }
                i += 2; // FS & / FS .: the simulator decodes with its charset anyway
            } else if (c == 0x1F) {
                if (left < 2 || (b[i + 1] == '$' && left < 4)) {
                    break;
                }
                if (b[i + 1] == '$') {
                    x = b[i + 2] - 1;
                    y = b[i + 3] - 1;
                    i += 4;
                } else if (b[i + 1] == 0x01) {
                    overwrite = true;
                    i += 2;
                } else {
                    problems.add("unknown US " + b[i + 1]);
                    i += 2;
                }
            } else {
                problems.add("unexpected control byte " + c);
                i++;
            }
        }
        put(text);
        pending.reset();
        pending.write(b, i, b.length - i);
    }

    private void put(ByteArrayOutputStream text) {
        if (text.size() == 0) {
            return;
        }
        String s = new String(text.toByteArray(), charset);
        text.reset();
        s.codePoints().forEach(cp -> {
            int w = EscPosCharset.width(cp);
            if (y > 1 || x + w > columns) {
                problems.add("text beyond the display: " + new String(Character.toChars(cp)));
                return;
            }
            cells[y][x] = new String(Character.toChars(cp));
            if (w == 2) {
                cells[y][x + 1] = "";
            }
            x += w;
        });
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(2_000);
    }
}

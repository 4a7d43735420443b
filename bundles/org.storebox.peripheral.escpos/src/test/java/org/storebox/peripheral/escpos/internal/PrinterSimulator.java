package org.storebox.peripheral.escpos.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.storebox.peripheral.serial.testing.SimEnd;

/**
 * An ESC/POS printer on the simulator end of a socat pair: parses what the driver sends into
 * {@link #elements()} and answers DLE EOT 1 to 4 from a settable {@link Condition}. Reopens its end
 * by itself after an unplug and replug.
 */
public final class PrinterSimulator implements AutoCloseable {

    public enum Condition { OK, PAPER_NEAR_END, PAPER_OUT, COVER_OPEN, SILENT, GARBLED, TRUNCATED }

    /** What the printer made of the byte stream. */
    public sealed interface Element permits Init, CodePage, Kanji, Text, Barcode, Qr, Feed, Cut, Kick, StatusQuery {
    }

    public record Init() implements Element {
    }

    public record CodePage(int table) implements Element {
    }

    public record Kanji(boolean on) implements Element {
    }

    public record Text(String text, boolean bold, boolean large, int align) implements Element {
    }

    public record Barcode(int symbology, byte[] data, int height, int width, int hri, int align) implements Element {
        @Override
        public boolean equals(Object o) {
            return o instanceof Barcode b && b.symbology == symbology && Arrays.equals(b.data, data) && b.height == height
                    && b.width == width && b.hri == hri && b.align == align;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Barcode[" + symbology + ", " + new String(data, java.nio.charset.StandardCharsets.ISO_8859_1) + ", h=" + height
                    + ", w=" + width + ", hri=" + hri + ", align=" + align + "]";
        }
    }

    public record Qr(int model, int size, int errorCorrection, byte[] data, int align) implements Element {
        @Override
        public boolean equals(Object o) {
            return o instanceof Qr q && q.model == model && q.size == size && q.errorCorrection == errorCorrection
                    && Arrays.equals(q.data, data) && q.align == align;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }

    public record Feed(int lines) implements Element {
    }

    public record Cut(int mode, int feed) implements Element {
    }

    public record Kick(int pin, int onTime, int offTime) implements Element {
    }

    public record StatusQuery(int n) implements Element {
    }

    private final Path path;
    private final Charset charset;
    private final List<Element> elements = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Condition condition = Condition.OK;
    private volatile boolean drawerOpen;
    private volatile Consumer<Text> onText = t -> { };
    private volatile SimEnd end;

    // print state
    private boolean bold;
    private boolean large;
    private int align;
    private int barcodeHeight = 162;
    private int barcodeWidth = 3;
    private int hri;
    private int qrModel = 50;
    private int qrSize = 3;
    private int qrEc = 48;
    private byte[] qrData;

    public PrinterSimulator(Path path, Charset charset) {
        this.path = path;
        this.charset = charset;
        this.thread = new Thread(this::run, "escpos-printer-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    public void condition(Condition c) {
        condition = c;
    }

    public void drawerOpen(boolean open) {
        drawerOpen = open;
    }

    /** Called on the simulator's thread for every text line printed. */
    void onText(Consumer<Text> hook) {
        onText = hook;
    }

    public List<Element> elements() {
        return elements;
    }

    /** Printed elements without status queries. */
    public List<Element> printed() {
        return elements.stream().filter(e -> !(e instanceof StatusQuery)).toList();
    }

    public List<String> problems() {
        return problems;
    }

    /** Whether the simulator holds its end open now. */
    public boolean attached() {
        return end != null;
    }

    public void clear() {
        elements.clear();
    }

    private void run() {
        byte[] buffer = new byte[1024];
        while (!closed) {
            if (!Files.exists(path)) {
                pause();
                continue;
            }
            try (SimEnd e = SimEnd.open(path)) {
                end = e;
                while (!closed) {
                    int n = e.read(buffer);
                    if (n > 0) {
                        synchronized (this) {
                            pending.write(buffer, 0, n);
                            parse(e);
                        }
                    }
                }
            } catch (IOException | RuntimeException ex) {
                // unplugged: wait for the pty to come back
            } finally {
                end = null;
                synchronized (this) {
                    pending.reset();
                    text.reset();
                }
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(20); // simulator's polling interval for the pty to reappear
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private void parse(SimEnd e) throws IOException {
        byte[] b = pending.toByteArray();
        int i = 0;
        while (i < b.length) {
            int used = command(b, i, e);
            if (used == 0) {
                break; // incomplete: wait for more bytes
            }
            i += used;
        }
        pending.reset();
        pending.write(b, i, b.length - i);
    }

    /** Consumes one command or text byte at {@code i}; returns bytes used, 0 when incomplete. */
    private int command(byte[] b, int i, SimEnd e) throws IOException {
        int c = b[i] & 0xFF;
        int left = b.length - i;
        switch (c) {
            case 0x10: // DLE
                if (left < 3) {
                    return 0;
                }
                if (b[i + 1] == 0x04) {
                    int n = b[i + 2];
                    elements.add(new StatusQuery(n));
                    answer(n, e);
                } else {
                    problems.add("unknown DLE command " + b[i + 1]);
                }
                return 3;
            case 0x0A:
                flushText(true);
                return 1;
            case 0x1B: // ESC
                return esc(b, i, left);
            case 0x1D: // GS
                return gs(b, i, left);
            case 0x1C: // FS
                if (left < 2) {
                    return 0;
                }
                flushText(false);
                if (b[i + 1] == '&') {
                    elements.add(new Kanji(true));
                } else if (b[i + 1] == '.') {
                    elements.add(new Kanji(false));
                } else {
                    problems.add("unknown FS command " + b[i + 1]);
                }
                return 2;
            default:
                if (c < 0x20 && c != '\t') {
                    problems.add("unexpected control byte " + c);
                } else {
                    text.write(c);
                }
                return 1;
        }
    }

    private int esc(byte[] b, int i, int left) {
        if (left < 2) {
            return 0;
        }
        flushText(false);
        switch (b[i + 1]) {
            case '@':
                bold = false;
                large = false;
                align = 0;
                elements.add(new Init());
                return 2;
            case 'E':
                if (left < 3) {
                    return 0;
                }
                bold = (b[i + 2] & 1) != 0;
                return 3;
            case 'a':
                if (left < 3) {
                    return 0;
                }
                align = b[i + 2] % 48;
                return 3;
            case 't':
                if (left < 3) {
                    return 0;
                }
                elements.add(new CodePage(b[i + 2] & 0xFF));
                return 3;
            case 'd':
                if (left < 3) {
                    return 0;
                }
                elements.add(new Feed(b[i + 2] & 0xFF));
                return 3;
            case 'p':
                if (left < 5) {
                    return 0;
                }
                elements.add(new Kick(b[i + 2] % 48 == 0 ? 2 : 5, b[i + 3] & 0xFF, b[i + 4] & 0xFF));
                return 5;
            default:
                problems.add("unknown ESC command " + (char) b[i + 1]);
                return 2;
        }
    }

    private int gs(byte[] b, int i, int left) {
        if (left < 2) {
            return 0;
        }
        flushText(false);
        switch (b[i + 1]) {
            case '!':
                if (left < 3) {
                    return 0;
                }
                large = (b[i + 2] & 0xFF) == 0x11;
                return 3;
            case 'h':
                if (left < 3) {
                    return 0;
                }
                barcodeHeight = b[i + 2] & 0xFF;
                return 3;
            case 'w':
                if (left < 3) {
                    return 0;
                }
                barcodeWidth = b[i + 2] & 0xFF;
                return 3;
            case 'H':
                if (left < 3) {
                    return 0;
                }
                hri = b[i + 2] & 0xFF;
                return 3;
            case 'k': {
                if (left < 4) {
                    return 0;
                }
                int m = b[i + 2] & 0xFF;
                if (m < 65) {
                    problems.add("GS k function A is not parsed");
                    return 3;
                }
                int n = b[i + 3] & 0xFF;
                if (left < 4 + n) {
                    return 0;
                }
                elements.add(new Barcode(m, Arrays.copyOfRange(b, i + 4, i + 4 + n), barcodeHeight, barcodeWidth, hri, align));
                return 4 + n;
            }
            case 'V': {
                if (left < 3) {
                    return 0;
                }
                int m = b[i + 2] & 0xFF;
                if (m >= 65) {
                    if (left < 4) {
                        return 0;
                    }
                    elements.add(new Cut(m, b[i + 3] & 0xFF));
                    return 4;
                }
                elements.add(new Cut(m, 0));
                return 3;
            }
            case '(': {
                if (left < 5) {
                    return 0;
                }
                int len = (b[i + 3] & 0xFF) | (b[i + 4] & 0xFF) << 8;
                if (left < 5 + len) {
                    return 0;
                }
                if (b[i + 2] != 'k' || len < 3 || b[i + 5] != '1') {
                    problems.add("unknown GS ( command");
                    return 5 + len;
                }
                int fn = b[i + 6];
                switch (fn) {
                    case 'A':
                        qrModel = b[i + 7] & 0xFF;
                        break;
                    case 'C':
                        qrSize = b[i + 7] & 0xFF;
                        break;
                    case 'E':
                        qrEc = b[i + 7] & 0xFF;
                        break;
                    case 'P':
                        qrData = Arrays.copyOfRange(b, i + 8, i + 5 + len);
                        break;
                    case 'Q':
                        if (qrData == null) {
                            problems.add("QR print without stored data");
                        } else {
                            elements.add(new Qr(qrModel, qrSize, qrEc, qrData, align));
                        }
                        break;
                    default:
                        problems.add("unknown QR function " + fn);
                }
                return 5 + len;
            }
            default:
                problems.add("unknown GS command " + (char) b[i + 1]);
                return 2;
        }
    }

    private void flushText(boolean lineFeed) {
        if (text.size() == 0 && !lineFeed) {
            return;
        }
        if (!lineFeed) {
            problems.add("text without line feed before a command: " + new String(text.toByteArray(), charset));
        }
        Text t = new Text(new String(text.toByteArray(), charset), bold, large, align);
        text.reset();
        elements.add(t);
        onText.accept(t);
    }

    private void answer(int n, SimEnd e) throws IOException {
        Condition c = condition;
        boolean paperOut = c == Condition.PAPER_OUT;
        boolean cover = c == Condition.COVER_OPEN;
        int value;
        switch (c) {
            case SILENT:
                return;
            case GARBLED:
                e.write(new byte[] { (byte) 0xFF });
                return;
            case TRUNCATED:
                if (n != 1) {
                    return;
                }
                break;
            default:
                break;
        }
        switch (n) {
            case 1:
                value = 0x12 | (drawerOpen ? 0x04 : 0) | (paperOut || cover ? 0x08 : 0);
                break;
            case 2:
                value = 0x12 | (cover ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (paperOut || cover ? 0x40 : 0);
                break;
            case 3:
                value = 0x12;
                break;
            case 4:
                value = 0x12 | (c == Condition.PAPER_NEAR_END ? 0x0C : 0) | (paperOut ? 0x6C : 0);
                break;
            default:
                problems.add("DLE EOT " + n + " is not answered");
                return;
        }
        e.write(new byte[] { (byte) value });
    }

    /** Texts printed, in order. */
    List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Element el : elements) {
            if (el instanceof Text t) {
                out.add(t.text());
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(2_000);
    }
}

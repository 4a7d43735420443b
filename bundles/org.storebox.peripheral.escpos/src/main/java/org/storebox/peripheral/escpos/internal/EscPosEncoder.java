package org.storebox.peripheral.escpos.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PrintDocument;

/**
 * Turns a {@link PrintDocument} into ESC/POS bytes, refusing up front what the printer could not
 * print (text outside the charset, malformed barcode data), so nothing half-printed comes out.
 */
final class EscPosEncoder {
    static final byte ESC = 0x1B;
    static final byte GS = 0x1D;
    static final byte FS = 0x1C;
    static final byte DLE = 0x10;
    static final byte EOT = 0x04;
    static final byte LF = 0x0A;

    /** ESC p 0 25 250: pulse on connector pin 2, 50 ms on, 500 ms off. */
    static final byte[] KICK_PIN2 = { ESC, 'p', 0, 25, (byte) 250 };

    private final EscPosCharset charset;
    private final String device;
    private final int qrSize;
    private final int qrErrorCorrection;
    private final int barcodeHeight;
    private final int barcodeWidth;

    EscPosEncoder(EscPosCharset charset, String device, int qrSize, String qrErrorCorrection, int barcodeHeight, int barcodeWidth) {
        if (qrSize < 1 || qrSize > 16) {
            throw new IllegalArgumentException("qr_size must be 1 to 16, was " + qrSize);
        }
        if (barcodeHeight < 1 || barcodeHeight > 255) {
            throw new IllegalArgumentException("barcode_height must be 1 to 255, was " + barcodeHeight);
        }
        if (barcodeWidth < 2 || barcodeWidth > 6) {
            throw new IllegalArgumentException("barcode_width must be 2 to 6, was " + barcodeWidth);
        }
        String ec = qrErrorCorrection == null ? "" : qrErrorCorrection.strip().toUpperCase(Locale.ROOT);
        int level = "LMQH".indexOf(ec);
        if (ec.length() != 1 || level < 0) {
            throw new IllegalArgumentException("qr_error_correction must be L, M, Q or H, was '" + qrErrorCorrection + "'");
        }
        this.charset = charset;
        this.device = device;
        this.qrSize = qrSize;
        this.qrErrorCorrection = 48 + level;
        this.barcodeHeight = barcodeHeight;
        this.barcodeWidth = barcodeWidth;
    }

    /** ESC @ and the charset selection: what every document starts with. */
    byte[] init() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { ESC, '@' });
        out.writeBytes(charset.selectCommands());
        return out.toByteArray();
    }

    /**
     * The whole document.
     *
     * @throws PeripheralException of kind INVALID when a block cannot be printed (the message says which and why)
     */
    byte[] encode(PrintDocument document) {
        if (document == null || document.blocks == null) {
            throw new PeripheralException(PeripheralException.Kind.INVALID, "a print document with blocks is required");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(init());
        int index = 0;
        for (PrintDocument.Block block : document.blocks) {
            index++;
            if (block == null || block.type == null) {
                throw invalid(index, "has no type");
            }
            switch (block.type.toLowerCase(Locale.ROOT)) {
                case "text":
                    text(out, block, index);
                    break;
                case "barcode":
                    barcode(out, block, index);
                    break;
                case "qr":
                    qr(out, block, index);
                    break;
                case "feed":
                    if (block.lines < 0 || block.lines > 255) {
                        throw invalid(index, "feeds " + block.lines + " lines; use 0 to 255");
                    }
                    out.writeBytes(new byte[] { ESC, 'd', (byte) block.lines });
                    break;
                case "cut":
                    // GS V 66 0: feed to the cutter, then cut leaving a hinge (partial cut)
                    out.writeBytes(new byte[] { GS, 'V', 66, 0 });
                    break;
                case "kick":
                    out.writeBytes(KICK_PIN2);
                    break;
                default:
                    throw invalid(index, "has the unknown type '" + block.type + "'; use text, barcode, qr, feed, cut or kick");
            }
        }
        return out.toByteArray();
    }

    private void text(ByteArrayOutputStream out, PrintDocument.Block block, int index) {
        out.writeBytes(new byte[] { ESC, 'a', (byte) align(block, index) });
        out.writeBytes(new byte[] { ESC, 'E', (byte) (block.bold ? 1 : 0) });
        out.writeBytes(new byte[] { GS, '!', (byte) (block.large ? 0x11 : 0x00) });
        String text = block.text == null ? "" : block.text;
        for (String line : text.split("\r?\n", -1)) {
            String clean = line.codePoints().filter(cp -> !Character.isISOControl(cp) || cp == '\t')
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            out.writeBytes(charset.encode(clean, device));
            out.write(LF);
        }
        // back to plain style so a later block starts clean
        out.writeBytes(new byte[] { ESC, 'E', 0, GS, '!', 0, ESC, 'a', 0 });
    }

    private static int align(PrintDocument.Block block, int index) {
        String align = block.align == null ? "left" : block.align.toLowerCase(Locale.ROOT);
        switch (align) {
            case "left":
                return 0;
            case "center":
                return 1;
            case "right":
                return 2;
            default:
                throw invalid(index, "has the unknown alignment '" + block.align + "'; use left, center or right");
        }
    }

    private void barcode(ByteArrayOutputStream out, PrintDocument.Block block, int index) {
        String data = block.text == null ? "" : block.text;
        String symbology = block.symbology == null ? "" : block.symbology.toUpperCase(Locale.ROOT);
        int m;
        byte[] payload;
        switch (symbology) {
            case "EAN13":
                m = 67;
                payload = digits(data, 12, index, "EAN13");
                break;
            case "EAN8":
                m = 68;
                payload = digits(data, 7, index, "EAN8");
                break;
            case "UPCA":
                m = 65;
                payload = digits(data, 11, index, "UPCA");
                break;
            case "CODE128":
                m = 73;
                payload = code128(data, index);
                break;
            default:
                throw invalid(index, "has the unknown symbology '" + block.symbology + "'; use EAN13, EAN8, UPCA or CODE128");
        }
        out.writeBytes(new byte[] { ESC, 'a', (byte) align(block, index) });
        out.writeBytes(new byte[] { GS, 'h', (byte) barcodeHeight, GS, 'w', (byte) barcodeWidth, GS, 'H', 2 });
        out.writeBytes(new byte[] { GS, 'k', (byte) m, (byte) payload.length });
        out.writeBytes(payload);
        out.writeBytes(new byte[] { ESC, 'a', 0 });
    }

    /** Digits without or with a correct check digit; sent as given (the printer adds a missing check digit). */
    private static byte[] digits(String data, int withoutCheck, int index, String symbology) {
        if (!data.matches("[0-9]+") || (data.length() != withoutCheck && data.length() != withoutCheck + 1)) {
            throw invalid(index, "holds " + symbology + " data '" + data + "'; it needs " + withoutCheck + " or "
                    + (withoutCheck + 1) + " digits");
        }
        if (data.length() == withoutCheck + 1) {
            int sum = 0;
            for (int i = 0; i < withoutCheck; i++) {
                int d = data.charAt(withoutCheck - 1 - i) - '0';
                sum += (i % 2 == 0) ? d * 3 : d;
            }
            int check = (10 - sum % 10) % 10;
            if (data.charAt(withoutCheck) - '0' != check) {
                throw invalid(index, "holds " + symbology + " data '" + data + "' with a wrong check digit; it should end in " + check);
            }
        }
        return data.getBytes(StandardCharsets.US_ASCII);
    }

    /** Code set B ({@code {B}); a literal brace is sent doubled. */
    private static byte[] code128(String data, int index) {
        if (data.isEmpty() || !data.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw invalid(index, "holds CODE128 data '" + data + "'; it needs 1 or more printable ASCII characters");
        }
        String escaped = "{B" + data.replace("{", "{{");
        if (escaped.length() > 255) {
            throw invalid(index, "holds " + data.length() + " characters of CODE128 data; the printer takes at most 253");
        }
        return escaped.getBytes(StandardCharsets.US_ASCII);
    }

    private void qr(ByteArrayOutputStream out, PrintDocument.Block block, int index) {
        // UTF-8: what phone scanners expect; the printer stores the bytes as they are
        byte[] data = (block.text == null ? "" : block.text).getBytes(StandardCharsets.UTF_8);
        if (data.length == 0 || data.length > 7089) {
            throw invalid(index, "holds " + data.length + " bytes of QR data; use 1 to 7089");
        }
        int len = data.length + 3;
        out.writeBytes(new byte[] { ESC, 'a', (byte) align(block, index) });
        out.writeBytes(new byte[] { GS, '(', 'k', 4, 0, '1', 'A', '2', 0 }); // model 2
        out.writeBytes(new byte[] { GS, '(', 'k', 3, 0, '1', 'C', (byte) qrSize }); // module size
        out.writeBytes(new byte[] { GS, '(', 'k', 3, 0, '1', 'E', (byte) qrErrorCorrection }); // error correction
        out.writeBytes(new byte[] { GS, '(', 'k', (byte) (len & 0xFF), (byte) (len >> 8), '1', 'P', '0' }); // store
        out.writeBytes(data);
        out.writeBytes(new byte[] { GS, '(', 'k', 3, 0, '1', 'Q', '0' }); // print
        out.writeBytes(new byte[] { LF, ESC, 'a', 0 });
    }

    private static PeripheralException invalid(int index, String what) {
        return new PeripheralException(PeripheralException.Kind.INVALID, "block " + index + " of the print document " + what);
    }
}

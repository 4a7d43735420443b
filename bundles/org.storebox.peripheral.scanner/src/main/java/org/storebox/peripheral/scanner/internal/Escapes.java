package org.storebox.peripheral.scanner.internal;

import java.io.ByteArrayOutputStream;

/**
 * Byte strings written as text in configuration: {@code \r}, {@code \n}, {@code \t}, {@code \0},
 * {@code \e} (ESC), {@code \\} and {@code \xHH}; any other character up to U+00FF stands for itself.
 */
final class Escapes {
    private Escapes() {
    }

    /**
     * The bytes an escaped string stands for.
     *
     * @throws IllegalArgumentException for an unknown escape, a short {@code \x}, or a character above U+00FF
     */
    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (text == null) {
            return out.toByteArray();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                if (c > 0xFF) {
                    throw new IllegalArgumentException("'" + text + "' holds character U+" + Integer.toHexString(c).toUpperCase()
                            + ", which is not one byte; write bytes as \\xHH");
                }
                out.write(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException("'" + text + "' ends with a lone backslash; write \\\\ for a backslash");
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case 'e' -> out.write(0x1B);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (i + 2 >= text.length()) {
                        throw new IllegalArgumentException("'" + text + "': \\x needs two hexadecimal digits");
                    }
                    int hi = Character.digit(text.charAt(i + 1), 16);
                    int lo = Character.digit(text.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw new IllegalArgumentException("'" + text + "': \\x needs two hexadecimal digits");
                    }
                    out.write(hi * 16 + lo);
                    i += 2;
                }
                default -> throw new IllegalArgumentException("'" + text + "' holds the unknown escape \\" + e
                        + "; known: \\r \\n \\t \\0 \\e \\\\ \\xHH");
            }
        }
        return out.toByteArray();
    }

    /** Shows bytes as text: printable ASCII as itself, everything else as {@code \xHH}. */
    static String show(byte[] data, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xFF;
            if (b >= 0x20 && b <= 0x7E) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02X", b));
            }
        }
        return sb.toString();
    }

    static String show(byte[] data) {
        return show(data, 0, data.length);
    }
}

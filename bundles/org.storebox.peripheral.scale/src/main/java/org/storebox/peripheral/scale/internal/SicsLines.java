package org.storebox.peripheral.scale.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the scale's byte stream into lines ended by CR LF (a lone LF is accepted too; a CR before
 * it is removed). A line longer than {@link #MAX_LINE} is returned cut, marked by a NUL at its
 * end, so that it can only parse as garbled. Not thread-safe: the driver calls it under its lock.
 */
final class SicsLines {
    /** Longer than any level 0 response (a weight line is about 20 characters). */
    static final int MAX_LINE = 128;

    private final StringBuilder partial = new StringBuilder();
    private boolean overflow;

    /** Takes received bytes (read as ISO-8859-1); returns the lines they completed, in order. */
    List<String> feed(byte[] data, int length) {
        List<String> lines = new ArrayList<>(1);
        for (int i = 0; i < length; i++) {
            char c = (char) (data[i] & 0xFF);
            if (c == '\n') {
                int n = partial.length();
                if (n > 0 && partial.charAt(n - 1) == '\r') {
                    partial.setLength(n - 1);
                }
                if (overflow) {
                    partial.append('\0');
                }
                lines.add(partial.toString());
                partial.setLength(0);
                overflow = false;
            } else if (partial.length() < MAX_LINE) {
                partial.append(c);
            } else {
                overflow = true;
            }
        }
        return lines;
    }

    /** The bytes of an unfinished line, shown as text; empty when none. */
    String pending() {
        return SicsResponse.show(partial);
    }

    /** Forgets an unfinished line. */
    void clear() {
        partial.setLength(0);
        overflow = false;
    }
}

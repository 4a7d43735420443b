package org.storebox.peripheral.scanner.internal;

import org.storebox.api.catalog.Barcodes;

/** Judges a frame: noise to drop, a valid code, or an invalid scan with the reason. */
final class ScanCheck {

    /**
     * A scan to post.
     *
     * @param barcode the data as text, bytes outside printable ASCII shown as {@code \xHH}
     * @param valid   whether it is a well-formed code (with a correct check digit where it has one)
     * @param reason  why not, or null when valid
     */
    record Scan(String barcode, boolean valid, String reason) {
    }

    private ScanCheck() {
    }

    /**
     * Judges one frame.
     *
     * @return the scan, or null when the frame holds no printable character at all (line noise, an
     *         empty line), which is never a scan
     */
    static Scan judge(ScanFramer.Frame frame, int maxLength) {
        byte[] c = frame.content();
        boolean anyVisible = false;
        int firstBad = -1;
        for (int i = 0; i < c.length; i++) {
            int b = c[i] & 0xFF;
            if (b > 0x20 && b <= 0x7E) {
                anyVisible = true;
            } else if ((b < 0x20 || b > 0x7E) && firstBad < 0) {
                firstBad = i;
            }
        }
        if (!anyVisible) {
            return null;
        }
        String text = Escapes.show(c);
        if (frame.overlong()) {
            return new Scan(text, false, "the scan is longer than " + maxLength
                    + " characters (only the first " + maxLength + " are shown); scan again, or check the scanner's suffix and max_length");
        }
        if (firstBad >= 0) {
            return new Scan(text, false, String.format(
                    "the scan holds byte 0x%02X at position %d, which no barcode sends: the transmission was garbled; scan again",
                    c[firstBad] & 0xFF, firstBad + 1));
        }
        if (isDigits(text) && (text.length() == 8 || text.length() == 12 || text.length() == 13)) {
            String problem = Barcodes.problem(text);
            if (problem != null) {
                return new Scan(text, false, problem + "; scan again");
            }
        }
        return new Scan(text, true, null);
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}

package org.storebox.api.catalog;

/** Check-digit validation of the GS1 barcodes a retail catalog carries (EAN-13, EAN-8, UPC-A). */
public final class Barcodes {
    private Barcodes() {
    }

    /**
     * Explains what is wrong with a barcode, or returns {@code null} when it is a valid EAN-13,
     * EAN-8 or UPC-A code.
     */
    public static String problem(String code) {
        if (code == null || code.isEmpty()) {
            return "a barcode is empty";
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return "barcode '" + code + "' must contain digits only";
            }
        }
        int n = code.length();
        if (n != 8 && n != 12 && n != 13) {
            return "barcode '" + code + "' has " + n + " digits; EAN-13 has 13, UPC-A 12, EAN-8 8";
        }
        int expected = checkDigit(code.substring(0, n - 1));
        int actual = code.charAt(n - 1) - '0';
        if (expected != actual) {
            return "barcode '" + code + "' has check digit " + actual + " but its digits give " + expected;
        }
        return null;
    }

    /** Whether the code is a valid EAN-13, EAN-8 or UPC-A code. */
    public static boolean valid(String code) {
        return problem(code) == null;
    }

    /** The GS1 check digit for the payload (all digits but the check digit). */
    public static int checkDigit(String payload) {
        int sum = 0;
        // GS1: weights 3 and 1 alternate from the rightmost payload digit, which has weight 3.
        for (int i = payload.length() - 1, w = 3; i >= 0; i--, w = 4 - w) {
            sum += (payload.charAt(i) - '0') * w;
        }
        return (10 - sum % 10) % 10;
    }
}

package org.storebox.peripheral.scale.internal;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One MT-SICS response line (without CR LF), parsed strictly: anything that is not exactly a
 * known form is {@link Kind#GARBLED}, never a number.
 *
 * @param kind   what the line is
 * @param id     the response's command id ({@code S}, {@code Z}, {@code I4}), or the error code
 *               ({@code ES}, {@code ET}, {@code EL}); null when garbled
 * @param status the status letter: {@code S} stable, {@code D} dynamic, {@code A} done,
 *               {@code I} not executable, {@code +} overload, {@code -} underload; null for errors
 *               and garbled lines
 * @param value  the weight exactly as sent (its scale is the scale's resolution); weights only
 * @param unit   the weight's unit as sent; weights only
 * @param text   the quoted text of a text response ({@code I4 A "..."}); text responses only
 * @param raw    the line as received, non-printable bytes shown as {@code \xHH}
 */
record SicsResponse(Kind kind, String id, String status, BigDecimal value, String unit, String text, String raw) {

    enum Kind {
        /** {@code S S <value> <unit>} or {@code S D <value> <unit>}. */
        WEIGHT,
        /** A command id and a status letter, for example {@code S +} or {@code Z A}. */
        STATUS,
        /** A command id, {@code A} and a quoted text, for example {@code I4 A "B123456789"}. */
        TEXT,
        /** {@code ES} syntax error, {@code ET} transmission error, {@code EL} logical error. */
        ERROR,
        /** Not an MT-SICS response. */
        GARBLED
    }

    // id, status S or D, a signed decimal, a unit of letters (and %, /); fields separated by spaces
    private static final Pattern WEIGHT = Pattern.compile("(S) +([SD]) +([+-]?[0-9]+(?:\\.[0-9]+)?) +([A-Za-z%/]{1,6})");
    private static final Pattern STATUS = Pattern.compile("([A-Z][A-Z0-9]*) +([AI+-])");
    private static final Pattern TEXT = Pattern.compile("([A-Z][A-Z0-9]*) +A +\"([\\x20-\\x21\\x23-\\x7E]*)\"");
    private static final Pattern ERROR = Pattern.compile("E[STL]");

    /** Parses one line received without its CR LF. */
    static SicsResponse parse(String line) {
        String raw = show(line);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return garbled(raw);
            }
        }
        // Leading and trailing spaces are padding; the fields themselves are matched exactly.
        String s = line.strip();
        Matcher m = WEIGHT.matcher(s);
        if (m.matches()) {
            return new SicsResponse(Kind.WEIGHT, m.group(1), m.group(2), new BigDecimal(m.group(3)), m.group(4), null, raw);
        }
        m = TEXT.matcher(s);
        if (m.matches()) {
            return new SicsResponse(Kind.TEXT, m.group(1), "A", null, null, m.group(2), raw);
        }
        m = STATUS.matcher(s);
        if (m.matches()) {
            return new SicsResponse(Kind.STATUS, m.group(1), m.group(2), null, null, null, raw);
        }
        if (ERROR.matcher(s).matches()) {
            return new SicsResponse(Kind.ERROR, s, null, null, null, null, raw);
        }
        return garbled(raw);
    }

    private static SicsResponse garbled(String raw) {
        return new SicsResponse(Kind.GARBLED, null, null, null, null, null, raw);
    }

    /** What an error code means, in a sentence. */
    String errorMeaning() {
        return switch (id) {
            case "ES" -> "ES (syntax error: the scale did not recognise the command)";
            case "ET" -> "ET (transmission error: the scale received a garbled command; check baud rate, parity and cable)";
            case "EL" -> "EL (logical error: the scale cannot execute the command)";
            default -> id;
        };
    }

    /** A line as text: printable ASCII as itself, anything else as {@code \xHH}. */
    static String show(CharSequence line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02X", (int) c));
            }
        }
        return sb.toString();
    }
}

package org.storebox.peripheral.escpos.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.storebox.api.peripheral.PeripheralException;

/**
 * A character set a printer or display is configured for: the Java encoder and the ESC/POS commands
 * that put the device into the matching code page ({@code ESC t n}) or two-byte Kanji mode
 * ({@code FS &}, cancelled with {@code FS .}).
 */
final class EscPosCharset {

    /** Single-byte code pages by Java name, with their ESC t table number on Epson TM printers. */
    private static final Map<String, Integer> CODE_PAGES = Map.of(
            "CP437", 0, "CP850", 2, "CP860", 3, "CP863", 4, "CP865", 5,
            "windows-1252", 16, "CP866", 17, "CP852", 18, "CP858", 19);
    /** Two-byte sets printed in Kanji mode by printers sold with that font (Chinese models). */
    private static final Set<String> TWO_BYTE = Set.of("GB18030", "GBK", "GB2312", "Big5", "Big5-HKSCS");

    private final String label;
    private final Charset charset;
    private final boolean twoByte;
    private final int codePage;

    private EscPosCharset(String label, boolean twoByte, int codePage) {
        this.label = label;
        this.charset = Charset.forName(label);
        this.twoByte = twoByte;
        this.codePage = codePage;
    }

    /**
     * The named set.
     *
     * @throws IllegalArgumentException when the name is not one the driver supports (the message lists them)
     */
    static EscPosCharset of(String name) {
        String wanted = name == null ? "" : name.strip();
        for (String known : TWO_BYTE) {
            if (known.equalsIgnoreCase(wanted)) {
                return new EscPosCharset(known, true, 0);
            }
        }
        for (Map.Entry<String, Integer> e : CODE_PAGES.entrySet()) {
            if (e.getKey().equalsIgnoreCase(wanted) || Charset.forName(e.getKey()).aliases().stream().anyMatch(wanted::equalsIgnoreCase)) {
                return new EscPosCharset(e.getKey(), false, e.getValue());
            }
        }
        throw new IllegalArgumentException("charset '" + name + "' is not supported; use one of " + supported());
    }

    static String supported() {
        Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        all.addAll(TWO_BYTE);
        all.addAll(CODE_PAGES.keySet());
        return String.join(", ", all);
    }

    Charset charset() {
        return charset;
    }

    /** The commands that select this set, sent after {@code ESC @}. */
    byte[] selectCommands() {
        if (twoByte) {
            // ESC t 0 keeps the ASCII half plain; FS & makes bytes >= 0x80 start two-byte characters.
            return new byte[] { 0x1B, 't', 0, 0x1C, '&' };
        }
        // FS . leaves Kanji mode, which Chinese models switch on at power-up.
        return new byte[] { 0x1C, '.', 0x1B, 't', (byte) codePage };
    }

    /**
     * Encodes text, refusing what the set cannot hold.
     *
     * @throws PeripheralException of kind INVALID naming the characters that cannot be encoded
     */
    byte[] encode(String text, String device) {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer out = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            CharsetEncoder probe = charset.newEncoder();
            String bad = text.codePoints()
                    .filter(cp -> !probe.canEncode(new String(Character.toChars(cp))))
                    .distinct()
                    .mapToObj(cp -> new String(Character.toChars(cp)) + " (U+" + Integer.toHexString(cp).toUpperCase(Locale.ROOT) + ")")
                    .collect(Collectors.joining(", "));
            throw new PeripheralException(PeripheralException.Kind.INVALID, device + " is set to charset " + label
                    + ", which cannot encode " + bad + "; remove these characters or configure a charset that has them");
        }
    }

    /** Columns a code point takes on the device: two for East Asian wide and full-width characters. */
    static int width(int cp) {
        if (cp < 0x1100) {
            return 1;
        }
        boolean wide = (cp <= 0x115F) // Hangul Jamo initials
                || (cp >= 0x2E80 && cp <= 0x303E) // CJK radicals, punctuation
                || (cp >= 0x3041 && cp <= 0x33FF) // kana, CJK compatibility
                || (cp >= 0x3400 && cp <= 0x4DBF) // CJK extension A
                || (cp >= 0x4E00 && cp <= 0x9FFF) // CJK unified ideographs
                || (cp >= 0xA000 && cp <= 0xA4CF) // Yi
                || (cp >= 0xAC00 && cp <= 0xD7A3) // Hangul syllables
                || (cp >= 0xF900 && cp <= 0xFAFF) // CJK compatibility ideographs
                || (cp >= 0xFE30 && cp <= 0xFE4F) // CJK compatibility forms
                || (cp >= 0xFF00 && cp <= 0xFF60) // full-width forms
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extensions B and later
        return wide ? 2 : 1;
    }

    /** Cuts or pads {@code text} with spaces to exactly {@code columns} display columns. */
    static String fit(String text, int columns) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        if (text != null) {
            for (int i = 0; i < text.length();) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == '\n' || cp == '\r' || cp == '\t') {
                    cp = ' ';
                } else if (Character.isISOControl(cp)) {
                    continue; // a control byte would be taken as a device command
                }
                int w = width(cp);
                if (used + w > columns) {
                    break;
                }
                out.appendCodePoint(cp);
                used += w;
            }
        }
        while (used < columns) {
            out.append(' ');
            used++;
        }
        return out.toString();
    }
}

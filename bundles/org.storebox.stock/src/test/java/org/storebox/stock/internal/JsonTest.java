package org.storebox.stock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JSON string escaping for any Unicode text. */
class JsonTest {
    private static String json(String s) {
        return Json.string(new StringBuilder(), s).toString();
    }

    @Test
    void escapesWhatJsonRequiresAndKeepsEveryScript() {
        assertEquals("null", json(null));
        assertEquals("\"\"", json(""));
        assertEquals("\"a\\\"b\\\\c\"", json("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\u0000\\u001f\"", json("\n\r\t\u0000\u001f"));
        assertEquals("\"維他檸檬茶 Teh Tarik 😀\"", json("維他檸檬茶 Teh Tarik 😀"));
        assertEquals("\"/\u007f\"", json("/\u007f"));
    }

    @Test
    void aLoneSurrogateIsEscapedSoTheTextStaysEncodable() {
        assertEquals("\"x\\ud83dy\"", json("x\ud83dy"));
        assertEquals("\"\\ude00\"", json("\ude00"));
    }
}

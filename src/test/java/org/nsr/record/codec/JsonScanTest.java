package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonScanTest {
    /** The byte-at-a-time scans the word-at-a-time ones replaced: the reference they must agree with. */
    private static int referenceStringEnd(byte[] b, int quote, int end) {
        for (int i = quote + 1; i < end; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int referenceContainerEnd(byte[] b, int pos, int end) {
        int depth = 0;
        for (int i = pos; i < end; i++) {
            byte x = b[i];
            if (x == '"') {
                i = referenceStringEnd(b, i, end);
                if (i < 0) {
                    return JsonScan.NOT_FOUND;
                }
            } else if (x == '{' || x == '[') {
                depth++;
            } else if (x == '}' || x == ']') {
                if (--depth == 0) {
                    return i + 1;
                }
            }
        }
        return JsonScan.NOT_FOUND;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStringEndsAtItsFirstUnescapedQuoteWhereverItFallsInAWord() {
        for (int pad = 0; pad < 20; pad++) {
            String body = "x".repeat(pad);
            byte[] plain = ascii("\"" + body + "\",1");
            assertEquals(pad + 1, JsonScan.stringEnd(plain, 0, plain.length), "pad " + pad);
            byte[] escaped = ascii("\"" + body + "\\\"" + body + "\\\\\",1");
            assertEquals(2 * pad + 5, JsonScan.stringEnd(escaped, 0, escaped.length), "escaped, pad " + pad);
            byte[] open = ascii("\"" + body + "\\");
            assertEquals(-1, JsonScan.stringEnd(open, 0, open.length), "an escape cut off, pad " + pad);
        }
    }

    @Test
    void nestedValuesEndAtTheirClosingBracketWithBracketsAndQuotesInsideStringsSkipped() {
        byte[] b = ascii("{\"path\":[{\"interface\":4,\"node\":67283136},{\"n\":\"a]}\\\"[{\"}],\"k\":[]} tail");
        assertEquals(referenceContainerEnd(b, 0, b.length), JsonScan.valueEnd(b, 0, b.length));
        assertEquals(b.length - 5, JsonScan.valueEnd(b, 0, b.length));
        byte[] cut = ascii("[{\"a\":[1,2,{\"b\":\"]\"}]}");
        assertEquals(JsonScan.NOT_FOUND, JsonScan.valueEnd(cut, 0, cut.length));
    }

    @Test
    void theWordScansAgreeWithTheByteScansOnRandomJsonishBytes() {
        Random random = new Random(18);
        byte[] alphabet = ascii("\"\\{}[]:,ab0 \u00e9");
        for (int round = 0; round < 20_000; round++) {
            int n = 1 + random.nextInt(60);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int start = random.nextInt(n);
            if (b[start] == '"') {
                assertEquals(referenceStringEnd(b, start, n), JsonScan.stringEnd(b, start, n),
                        () -> new String(b, StandardCharsets.UTF_8));
            }
            if (b[start] == '{' || b[start] == '[') {
                assertEquals(referenceContainerEnd(b, start, n), JsonScan.valueEnd(b, start, n),
                        () -> new String(b, StandardCharsets.UTF_8));
            }
        }
    }
}

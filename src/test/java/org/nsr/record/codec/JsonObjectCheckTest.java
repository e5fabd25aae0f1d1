package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectCheckTest {
    private static final JsonFactory JSON = new JsonFactory();

    /** The check it replaced, kept as the oracle: Jackson reads exactly one object. */
    private static boolean jackson(byte[] s) {
        try (JsonParser p = JSON.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isObject(byte[] b) {
        return JsonObjectCheck.compactObject(Arrays.copyOf(b, b.length), 0, b.length) >= 0;
    }

    @Test
    void agreesWithJacksonOnWellFormedAndBrokenObjects() {
        List<String> cases = List.of("{}", " { } ", "{\"a\":1}", "{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false}",
                "{\"a\":-0.5e+3,\"b\":\"x\\\"y\\\\z\\n\\u00e9\",\"c\":\"caf\u00e9\"}", "{\"a\":1} trailing", "{\"a\":1}}",
                "[1]", "\"s\"", "1", "", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":01}", "{\"a\":1.}",
                "{\"a\":.5}", "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}",
                "{\"a\":[1,]}", "{\"a\":[}", "{a:1}", "{'a':1}", "{\"a\":NaN}", "{\"a\":1 \"b\":2}",
                "Series([1, 2])", "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"unterminated}", "\t{\"a\":[[]]}\r\n",
                "{\"a\":\"\\/\"}", "{\"a\":-0}", "{\"a\":\"\uD83D\uDE00\"}", "\uFEFF{\"a\":1}", "{\"a\":\"\\u00e9\"} x");
        for (String c : cases) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            assertEquals(jackson(b), isObject(b), c);
        }
        String mixed = "{\"a\":[".repeat(100) + "1" + "]}".repeat(100);
        assertEquals(true, isObject(mixed.getBytes(StandardCharsets.UTF_8)), "objects and arrays 200 levels deep");
        String crossed = "{\"a\":[".repeat(100) + "1" + "]}".repeat(60) + "}]" + "]}".repeat(39);
        assertEquals(false, isObject(crossed.getBytes(StandardCharsets.UTF_8)), "a '}' closing an array at level 80");
        assertEquals(jackson(crossed.getBytes(StandardCharsets.UTF_8)), false);
        String deep = "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertEquals(false, isObject(deep.getBytes(StandardCharsets.UTF_8)), "nesting past 1000 levels");
    }

    @Test
    void anObjectIsCompactedInPlaceFromItsStart() {
        byte[] b = " { \"a\" : [1, 2],\n \"b\":\"x y\" } ".getBytes(StandardCharsets.UTF_8);
        int end = JsonObjectCheck.compactObject(b, 0, b.length);
        assertEquals("{\"a\":[1,2],\"b\":\"x y\"}", new String(b, 0, end, StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8InAStringIsRefusedAsJacksonRefusesIt() {
        List<byte[]> strings = List.of(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        for (byte[] s : strings) {
            byte[] b = new byte[s.length + 8];
            System.arraycopy("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 6);
            System.arraycopy(s, 0, b, 6, s.length);
            b[b.length - 2] = '"';
            b[b.length - 1] = '}';
            assertEquals(JsonObjectCheck.NOT_AN_OBJECT, JsonObjectCheck.compactObject(b.clone(), 0, b.length),
                    Arrays.toString(s));
            assertEquals(false, jackson(b), "Jackson refuses it too: " + Arrays.toString(s));
        }
    }
}

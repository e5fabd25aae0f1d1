package org.nsr.source.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    @Test
    void agreesWithJacksonOnWellFormedAndBrokenObjects() {
        List<String> cases = List.of("{}", " { } ", "{\"a\":1}", "{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false}",
                "{\"a\":-0.5e+3,\"b\":\"x\\\"y\\\\z\\n\\u00e9\",\"c\":\"caf\u00e9\"}", "{\"a\":1} trailing", "{\"a\":1}}",
                "[1]", "\"s\"", "1", "", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":01}", "{\"a\":1.}",
                "{\"a\":.5}", "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}",
                "{\"a\":[1,]}", "{\"a\":[}", "{a:1}", "{'a':1}", "{\"a\":NaN}", "{\"a\":1 \"b\":2}",
                "Series([1, 2])", "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"unterminated}", "\t{\"a\":[[]]}\r\n");
        for (String c : cases) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            assertEquals(jackson(b), JsonObjectCheck.isObject(b), c);
        }
        String deep = "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertEquals(false, JsonObjectCheck.isObject(deep.getBytes(StandardCharsets.UTF_8)), "nesting past 1000 levels");
    }
}

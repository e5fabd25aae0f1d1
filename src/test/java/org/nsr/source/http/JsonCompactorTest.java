package org.nsr.source.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nsr.record.codec.JsonCompactor;
import org.nsr.record.codec.MalformedJsonException;
import org.nsr.record.codec.Utf8;

/**
 * The fast compactor against the Jackson re-encode it stands in for: on every body, valid or
 * malformed, the line is byte for byte Jackson's, or both refuse it — except bodies that break
 * the project's UTF-8 rule, which the compactor refuses even where Jackson would pass them.
 */
class JsonCompactorTest {
    private static final long TS = 1_764_547_200_123L;
    private static final Path FIXTURES = Path.of("/work/shared/fixtures/ndtwin");

    /** The line, or null when the body is refused. */
    private static byte[] jackson(byte[] body, BodyWrap wrap) {
        try {
            HttpPollRecord r = JsonLineEncoder.encodeWithJackson(new ByteArrayInputStream(body), TS, wrap, "flowinfo", -1);
            return line(r);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] fast(byte[] body, BodyWrap wrap, long hint) throws JsonProcessingException {
        try {
            return line(JsonLineEncoder.encode(new ByteArrayInputStream(body), TS, wrap, "flowinfo", hint));
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] line(HttpPollRecord r) {
        return r.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the compactor alone does with the body: "compacted", "declined" or "rejected". */
    private static String outcome(byte[] body, boolean merge) {
        byte[] copy = body.clone();
        try {
            return JsonCompactor.compact(copy, 0, copy.length, merge) >= 0 ? "compacted" : "declined";
        } catch (MalformedJsonException e) {
            return "rejected";
        }
    }

    private static void assertAgrees(byte[] body, String label) {
        for (BodyWrap wrap : BodyWrap.values()) {
            byte[] expected = jackson(body, wrap);
            for (long hint : new long[] {-1, body.length}) {
                byte[] actual;
                try {
                    actual = fast(body, wrap, hint);
                } catch (JsonProcessingException e) {
                    if (expected != null) {
                        assertTrue(!Utf8.isValid(body, 0, body.length) && e.getOriginalMessage().contains("UTF-8"),
                                label + " (" + wrap + "): Jackson accepts, the compactor refuses: " + e.getOriginalMessage());
                    }
                    continue;
                }
                if (expected == null) {
                    fail(label + " (" + wrap + "): Jackson refuses, the compactor accepts: " + show(body));
                }
                assertArrayEquals(expected, actual, label + " (" + wrap + "): " + show(body));
            }
        }
    }

    private static String show(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return s.replace("\n", "\\n") + (body.length > 300 ? "..." : "");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> validBodies() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (String f : new String[] {"get_detected_flow_data.json", "get_graph_data.json", "error_500.json"}) {
            bodies.add(Files.readAllBytes(FIXTURES.resolve(f)));
        }
        bodies.add(FlowBodies.pretty(40, 3));
        bodies.add(FlowBodies.compact(40, 4));
        for (String s : new String[] {
            "{}", "[]", " {} ", "0", "-1", "123", "1.5", "-0.0", "1e5", "1E+5", "2.5e-3", "true", "false", "null",
            "\"text\"", "[1,2,3]", "{\"a\":{\"b\":[{},[]]}}", "{\"a\":1,\"a\":2}",
            "[18446744073709551616, -9223372036854775809, 9223372036854775807]",
            "{\"s\":\"tab\\tquote\\\"back\\\\slash\\nnl\\rcr\\bbs\\fff\"}",
            "{\"u\":\"h\u00e9llo \u4e16\u754c \ud83d\ude00\", \"del\":\"\u007f\"}",
            "[ 1 , 2 ,\n\t3\r\n]", "{ \"k\" : [ true , false , null ] }", "\n\n  [\"x\"]  \n",
            "{\"timestamp\":5,\"nodes\":[],\"edges\":[]}", "{\"nodes\":[],\"timestamp\":{\"a\":[1]}}",
            "{\"esc\":\"\\/ \\u0041 \\u00e9 \\ud83d\\ude00 \\u0000\"}", "-0", "[-0, 0]", "{\"x\":-0}",
        }) {
            bodies.add(utf8(s));
        }
        return bodies;
    }

    /** Bodies Jackson's defaults refuse, each naming why. */
    private static List<byte[]> malformedBodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (String s : new String[] {
            "", "   ", "01", "-01", "00", "[01]", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "[NaN]",
            "Infinity", "-Infinity", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}",
            "{a:1}", "{'a':1}", "['x']", "\"unterminated", "[1", "{\"a\":1", "[1 2]", "{\"a\":1 \"b\":2}",
            "{} {}", "[] 1", "1 2", "true false", "tru", "nul", "truex", "[true1]", "\"a\"\"b\"",
            "\"ctl\u0001\"", "\"nl\n\"", "\"tab\t\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\'\"", "\"\\",
            "// c\n1", "/* c */ 1", "# c\n1", "[1]]", "{}}", "]", "}", ":", ",", "\u000b1", "\f1",
            "{\"a\":1}x", "[\"\\u00\"]",
        }) {
            bodies.add(utf8(s));
        }
        bodies.add(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'});                   // overlong NUL
        bodies.add(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'});      // a surrogate
        bodies.add(new byte[] {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}); // above U+10FFFF
        bodies.add(new byte[] {'"', (byte) 0xE4, (byte) 0xB8, '"'});                   // truncated sequence
        bodies.add(new byte[] {'"', (byte) 0x80, '"'});                               // lone continuation
        bodies.add(new byte[] {'[', '1', ']', 0});
        return bodies;
    }

    @Test
    void everyValidBodyGivesJacksonsLineByteForByte() throws IOException {
        for (byte[] body : validBodies()) {
            assertAgrees(body, "valid body");
            assertTrue(jackson(body, BodyWrap.FIELD) != null, "Jackson accepts " + show(body));
        }
    }

    @Test
    void flowAndGraphBodiesTakeTheFastPathNotJacksons() throws IOException {
        for (byte[] body : List.of(FlowBodies.pretty(200, 1), FlowBodies.compact(200, 2),
                Files.readAllBytes(FIXTURES.resolve("get_detected_flow_data.json")),
                Files.readAllBytes(FIXTURES.resolve("get_graph_data.json")))) {
            assertEquals("compacted", outcome(body, false), show(body));
        }
        assertEquals("compacted", outcome(Files.readAllBytes(FIXTURES.resolve("get_graph_data.json")), true));
    }

    @Test
    void everyMalformedBodyIsRefusedAsJacksonRefusesIt() {
        for (byte[] body : malformedBodies()) {
            assertEquals(null, jackson(body, BodyWrap.FIELD) == null ? null : "accepted",
                    "the corpus holds only bodies Jackson refuses: " + show(body));
            assertAgrees(body, "malformed body");
        }
    }

    @Test
    void theCompactorItselfRejectsEachKindOfMalformedBodyWithoutAskingJackson() {
        for (String s : new String[] {"01", "NaN", "[1,]", "{\"a\":1,}", "\"a\u0001\"", "\"\\x\"", "{} {}", "[1",
            "\"\\u12G4\""}) {
            assertEquals("rejected", outcome(utf8(s), false), s);
        }
        assertEquals("rejected", outcome(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, false));
        MalformedJsonException e = assertThrows(MalformedJsonException.class,
                () -> JsonCompactor.compact(utf8("[1, 02]"), 0, 7, false));
        assertEquals("leading zero in a number", e.getOriginalMessage());
        assertEquals(4, e.getLocation().getByteOffset());
    }

    @Test
    void jacksonsLimitsApplyExactlyBecauseTheCompactorDeclinesNearThem() {
        StreamReadConstraints c = StreamReadConstraints.defaults();
        int depth = c.getMaxNestingDepth();
        for (int d : new int[] {depth, depth + 1}) {
            byte[] nested = utf8("[".repeat(d) + "]".repeat(d));
            assertEquals("declined", outcome(nested, false));
            assertAgrees(nested, "nesting depth " + d);
        }
        assertEquals(null, jackson(utf8("[".repeat(depth + 1) + "]".repeat(depth + 1)), BodyWrap.FIELD),
                "Jackson refuses past its depth");
        byte[] longNumber = utf8("[" + "9".repeat(c.getMaxNumberLength() + 1) + "]");
        assertEquals("declined", outcome(longNumber, false));
        assertAgrees(longNumber, "number past the length limit");
        byte[] longName = utf8("{\"" + "k".repeat(c.getMaxNameLength() + 1) + "\":1}");
        assertEquals("declined", outcome(longName, false));
        assertAgrees(longName, "name past the length limit");
        assertEquals(null, jackson(longName, BodyWrap.FIELD), "Jackson refuses a name past its limit");
    }

    @Test
    void randomMutationsOfValidBodiesNeverMakeTheTwoPathsDisagree() throws IOException {
        Random r = new Random(18);
        List<byte[]> seeds = new ArrayList<>(validBodies());
        seeds.add(FlowBodies.pretty(3, 5));
        byte[] alphabet = utf8("{}[],:\"\\ \n\t0123456789-+.eEtrufalsn/u\u0001x");
        int refused = 0;
        int accepted = 0;
        for (int n = 0; n < 30_000; n++) {
            byte[] body = seeds.get(r.nextInt(seeds.size()));
            int edits = 1 + r.nextInt(3);
            for (int k = 0; k < edits; k++) {
                body = mutate(body, r, alphabet);
            }
            if (jackson(body, BodyWrap.FIELD) == null) {
                refused++;
            } else {
                accepted++;
            }
            assertAgrees(body, "mutation " + n);
        }
        assertTrue(refused > 5_000 && accepted > 1_000, "the mutations reach both verdicts: " + refused
                + " refused, " + accepted + " accepted");
    }

    private static byte[] mutate(byte[] b, Random r, byte[] alphabet) {
        int at = b.length == 0 ? 0 : r.nextInt(b.length);
        byte pick = r.nextInt(10) == 0 ? (byte) (0x80 + r.nextInt(0x80)) : alphabet[r.nextInt(alphabet.length)];
        return switch (r.nextInt(5)) {
            case 0 -> b.length == 0 ? b : concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + 1, b.length));
            case 1 -> concat(concat(Arrays.copyOf(b, at), new byte[] {pick}), Arrays.copyOfRange(b, at, b.length));
            case 2 -> {
                byte[] c = b.clone();
                if (c.length > 0) c[at] = pick;
                yield c;
            }
            case 3 -> Arrays.copyOf(b, at);
            default -> {
                int len = Math.min(b.length - at, 1 + r.nextInt(8));
                yield concat(concat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, at + len)),
                        Arrays.copyOfRange(b, at + len, b.length));
            }
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void aMergedBodysOwnTimestampIsDroppedTheWayJacksonDropsIt() throws JsonProcessingException {
        byte[] body = utf8("{ \"timestamp\": [1, {\"x\": 2}], \"nodes\": [] }");
        assertEquals("declined", outcome(body, true));
        assertEquals("{\"timestamp\":" + TS + ",\"nodes\":[]}",
                new String(fast(body, BodyWrap.MERGE, -1), StandardCharsets.UTF_8));
        assertEquals("{\"timestamp\":" + TS + "}", new String(fast(utf8(" { } "), BodyWrap.MERGE, 5),
                StandardCharsets.UTF_8));
        assertThrows(JsonProcessingException.class, () -> fast(utf8("[1]"), BodyWrap.MERGE, -1));
        assertFalse(outcome(utf8("{\"timestamps\":1}"), true).equals("declined"), "only the exact key declines");
    }
}

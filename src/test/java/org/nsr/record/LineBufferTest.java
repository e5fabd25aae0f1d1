package org.nsr.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineBufferTest {
    @Test
    void longsPrintExactlyAsLongToStringAcrossEveryMagnitude() {
        LineBuffer buf = new LineBuffer(16);
        long[] edges = {0, 9, 10, 99, 100, 99_999_999L, 100_000_000L, 100_000_001L, 9_999_999_999_999_999L,
            10_000_000_000_000_000L, 1_795_394_720_185_251_393L, Long.MAX_VALUE, -1, -100_000_000L, Long.MIN_VALUE};
        for (long v : edges) {
            buf.reset();
            assertEquals(Long.toString(v), buf.appendLong(v).toString());
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            buf.reset();
            assertEquals(Long.toString(v), buf.appendLong(v).toString());
        }
    }

    @Test
    void dottedIpv4PrintsHighByteFirst() {
        assertEquals("192.168.1.10", new LineBuffer(4).appendDottedIpv4(0xC0A8010AL).toString());
        assertEquals("0.0.0.0", new LineBuffer(4).appendDottedIpv4(0).toString());
        assertEquals("255.255.255.255", new LineBuffer(4).appendDottedIpv4(0xFFFFFFFFL).toString());
        assertEquals("10.20.100.9", new LineBuffer(4).appendAscii("").appendDottedIpv4(0x0A146409L).toString());
    }

    @Test
    void everyOctetPrintsAsIntegerToStringAndTheBufferEndsRightAfterTheAddressAtAnyFill() {
        for (int octet = 0; octet < 256; octet++) {
            long ip = ((long) octet << 24) | (octet << 16) | ((255 - octet) << 8) | (octet ^ 0x5A);
            String expected = octet + "." + octet + "." + (255 - octet) + "." + (octet ^ 0x5A);
            for (int fill = 0; fill < 20; fill++) { // the table writes three bytes per octet: no overrun at any fill
                LineBuffer buf = new LineBuffer(16).appendAscii("x".repeat(fill));
                buf.appendDottedIpv4(ip).append((byte) '"');
                assertEquals("x".repeat(fill) + expected + "\"", buf.toString());
            }
        }
    }

    @Test
    void aPlainAsciiNameIsCopiedWholeAndAnyOtherOnlyUpToItsFirstCharToEscape() {
        for (String bad : new String[] {"a\"b", "a\\b", "tab\t", "caf\u00e9", "\u0141ódź"}) {
            LineBuffer buf = new LineBuffer(2).appendAscii("x");
            int plain = buf.appendJsonPlain(bad);
            assertTrue(plain < bad.length(), bad);
            assertEquals("x" + bad.substring(0, plain), buf.toString(), "only the plain prefix of '" + bad + "'");
        }
        LineBuffer buf = new LineBuffer(2).appendAscii("x");
        assertEquals(11, buf.appendJsonPlain("vpc-0a1 ~!\u007f")); // DEL needs no escape in JSON
        assertEquals("xvpc-0a1 ~!\u007f", buf.toString());
    }

    @Test
    void truncateUndoesAPartlyEncodedRecord() {
        LineBuffer buf = new LineBuffer(4).appendAscii("{\"a\":1}");
        int mark = buf.size();
        buf.appendAscii("{\"b\":");
        buf.truncate(mark);
        assertEquals("{\"a\":1}", buf.toString());
    }

    @Test
    void theJsonPlainPrefixIsCopiedAndItsLengthReturnedUpToTheFirstCharThatNeedsWork() {
        LineBuffer buf = new LineBuffer(2).appendAscii("[");
        assertEquals(9, buf.appendJsonPlain("plain/1.0"));
        assertEquals(3, buf.appendJsonPlain("ab \"q\""));
        assertEquals(1, buf.appendJsonPlain("c\u00e9"));
        assertEquals(2, buf.appendJsonPlain("ta\tb"));
        assertEquals(0, buf.appendJsonPlain("\\x"));
        assertEquals(0, buf.appendJsonPlain(""));
        assertEquals("[plain/1.0ab cta", buf.toString());
    }
}

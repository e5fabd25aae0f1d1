package org.nsr.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XaddBatchTest {
    private static String text(XaddBatch b) {
        return new String(b.array(), 0, b.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void entriesAreEncodedAsRespXaddCommandsWithTheTrimmingPrefix() {
        XaddBatch b = new XaddBatch("s", 1000, 16);
        b.startEntry(2).bulk("data").bulk("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).bulk("ip").bulk("caf\u00e9");
        assertEquals("*10\r\n$4\r\nXADD\r\n$1\r\ns\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$4\r\n1000\r\n$1\r\n*\r\n"
                + "$4\r\ndata\r\n$7\r\n{\"a\":1}\r\n$2\r\nip\r\n$5\r\ncaf\u00e9\r\n", text(b));
        assertEquals(1, b.entries());
    }

    @Test
    void anEntryBeingWrittenIsNotCountedOrSentUntilItIsComplete() {
        XaddBatch b = new XaddBatch("s", 0, 16);
        b.startEntry(1).bulk("a").bulk("1");
        int oneEntry = b.bytes();
        b.startEntry(1).bulk("a");
        assertEquals(1, b.entries());
        assertEquals(oneEntry, b.bytes());
        b.abandonEntry();
        b.startEntry(1).bulk("b").bulk("2");
        assertEquals(2, b.entries());
        assertTrue(text(b).endsWith("$1\r\nb\r\n$1\r\n2\r\n"));
        b.clear();
        assertTrue(b.isEmpty());
    }
}

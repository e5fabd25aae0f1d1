package org.nsr.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyCounterTest {
    /** Hands out at most three bytes a read, so every reply crosses buffer refills. */
    private static InputStream trickle(String s) {
        return new FilterInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void idsAndOtherRepliesAreCountedAndTheNextReplyStartsWhereTheLastEnded() throws Exception {
        String replies = "$15\r\n1700000000000-0\r\n+OK\r\n:42\r\n*2\r\n$1\r\na\r\n$-1\r\n$-1\r\n$0\r\n\r\n"
                + "$15\r\n1700000000000-1\r\n";
        ReplyCounter c = new ReplyCounter(trickle(replies), 4);
        ReplyCounter.Outcome first = c.read(6);
        assertEquals(6, first.replies());
        assertEquals(0, first.errors());
        assertNull(first.firstError());
        assertEquals(new ReplyCounter.Outcome(1, 0, null), c.read(1));
    }

    @Test
    void errorRepliesAreCountedTheFirstIsKeptAndTheRestOfTheBatchIsStillConsumed() throws Exception {
        String replies = "$3\r\n1-1\r\n-OOM command not allowed when used memory > 'maxmemory'.\r\n"
                + "-WRONGTYPE caf\u00e9\r\n$3\r\n1-2\r\n+OK\r\n";
        ReplyCounter c = new ReplyCounter(trickle(replies), 8);
        ReplyCounter.Outcome o = c.read(4);
        assertEquals(2, o.errors());
        assertEquals("OOM command not allowed when used memory > 'maxmemory'.", o.firstError());
        assertEquals(new ReplyCounter.Outcome(1, 0, null), c.read(1));
    }

    @Test
    void aConnectionClosedBeforeAllRepliesCameIsAnError() {
        ReplyCounter c = new ReplyCounter(trickle("$3\r\n1-1\r\n$3\r\n1-"), 16);
        assertThrows(EOFException.class, () -> c.read(2));
    }
}

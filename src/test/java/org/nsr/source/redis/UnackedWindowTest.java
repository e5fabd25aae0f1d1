package org.nsr.source.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnackedWindowTest {

    @Test
    void theIdsToAcknowledgeAreTheIdsRedisSentUpToTheArchivedRecord() {
        UnackedWindow w = new UnackedWindow(4);
        List<String> ids = List.of("1796191092546-0", "0-0", "1796191092546-10", "9-9223372036854775807");
        for (int i = 0; i < ids.size(); i++) {
            w.add(100 + i, ids.get(i).getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(w.isFull());
        assertEquals(List.of(ids.get(0), ids.get(1)), text(w.takeUpTo(101, 10)));
        assertEquals(List.of(ids.get(2)), text(w.takeUpTo(103, 1)), "at most max");
        assertEquals(103, w.oldestSeq());
        w.add(104, "10-1".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(ids.get(3), "10-1"), text(w.takeUpTo(104, 10)), "across the ring's end");
        assertEquals(0, w.size());
    }

    private static List<String> text(List<byte[]> ids) {
        return ids.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }
}

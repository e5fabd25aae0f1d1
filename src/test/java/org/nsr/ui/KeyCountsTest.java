package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyCountsTest {
    private static List<String> top(KeyCounts a, KeyCounts b, int n) {
        List<String> out = new ArrayList<>();
        KeyCounts.topOfSum(a, b, n, (k, bytes, flows) -> out.add(k + ":" + bytes + "/" + flows));
        return out;
    }

    @Test
    void keysAddUpAndTheTopIsBiggestBytesFirstWithTiesByKey() {
        KeyCounts c = new KeyCounts(1000);
        for (int i = 0; i < 900; i++) {
            c.add(i, i % 10, 1); // the table grows from 256 slots on the way
        }
        c.add(5, 100, 1);
        assertEquals(900, c.size());
        assertEquals(List.of("5:105/2", "9:9/1", "19:9/1"), top(c, null, 3));
    }

    @Test
    void aNewKeyPastTheBoundIsRefusedAndAKnownOneStillCounts() {
        KeyCounts c = new KeyCounts(10);
        for (int i = 0; i < 10; i++) {
            assertTrue(c.add(i, 1, 1));
        }
        assertFalse(c.add(10, 1, 1));
        assertTrue(c.add(3, 1, 1));
        assertEquals(10, c.size());
        assertEquals(List.of("3:2/2"), top(c, null, 1));
    }

    @Test
    void theTopOfTwoTablesIsTheTopOfTheirSum() {
        KeyCounts a = new KeyCounts(100);
        KeyCounts b = new KeyCounts(100);
        a.add(1, 50, 1);
        a.add(2, 40, 1);
        b.add(2, 20, 1);
        b.add(3, 55, 1);
        assertEquals(List.of("2:60/2", "3:55/1", "1:50/1"), top(a, b, 5));
        a.clear();
        assertEquals(List.of("3:55/1", "2:20/1"), top(a, b, 5));
    }
}

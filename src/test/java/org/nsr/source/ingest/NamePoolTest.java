package org.nsr.source.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class NamePoolTest {
    @Test
    void theSameCharactersGiveTheSameStringFromAnyOffset() {
        NamePool pool = new NamePool(16);
        String a = pool.intern("xxsrc-1yy".toCharArray(), 2, 5);
        String b = pool.intern("src-1".toCharArray(), 0, 5);
        assertEquals("src-1", a);
        assertSame(a, b);
        assertEquals("src-2", pool.intern("src-2".toCharArray(), 0, 5));
    }

    @Test
    void aFullPoolStillAnswersEqualStringsButPoolsNoMore() {
        NamePool pool = new NamePool(2);
        String first = pool.intern("a".toCharArray(), 0, 1);
        String second = pool.intern("b".toCharArray(), 0, 1);
        String third = pool.intern("c".toCharArray(), 0, 1);
        String thirdAgain = pool.intern("c".toCharArray(), 0, 1);
        assertSame(first, pool.intern("a".toCharArray(), 0, 1));
        assertSame(second, pool.intern("b".toCharArray(), 0, 1));
        assertEquals("c", third);
        assertEquals(third, thirdAgain);
        assertNotSame(third, thirdAgain, "no slot left: not pooled");
    }
}

package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void asciiAndMultiByteCharactersAreValid() {
        byte[] b = "{\"m\":\"caf\u00e9 \u4e2d \ud83d\ude00\"} and some more ascii after it".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.isValid(b, 0, b.length));
        assertTrue(Utf8.isValid(new byte[0], 0, 0));
    }

    @Test
    void theBytesFfFeAndEveryOtherIllFormedSequenceAreInvalid() {
        assertFalse(Utf8.isValid(bytes(0xff, 0xfe), 0, 2));
        assertFalse(Utf8.isValid(bytes(0xC0, 0xAF), 0, 2), "overlong '/'");
        assertFalse(Utf8.isValid(bytes(0xE0, 0x80, 0xAF), 0, 3), "overlong three-byte form");
        assertFalse(Utf8.isValid(bytes(0xED, 0xA0, 0x80), 0, 3), "a surrogate");
        assertFalse(Utf8.isValid(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4), "above U+10FFFF");
        assertFalse(Utf8.isValid(bytes(0xE4, 0xB8), 0, 2), "cut short");
        assertFalse(Utf8.isValid(bytes(0x80), 0, 1), "a continuation byte alone");
    }

    @Test
    void theOffsetOfTheFirstBadByteIsReportedAndBytesOutsideTheRangeAreIgnored() {
        byte[] b = "xx0123456789abcdef\u00e9ghijklmnop".getBytes(StandardCharsets.UTF_8);
        int bad = 18; // the e-acute's lead byte, whose continuation is made a second lead byte
        b[bad + 1] = (byte) 0xC3;
        assertEquals(bad - 2, Utf8.firstInvalid(b, 2, b.length - 2));
        assertEquals(-1, Utf8.firstInvalid(b, 2, bad - 2));
    }

    @Test
    void randomBytesAreJudgedExactlyAsTheJdksStrictDecoderJudgesThem() {
        SplittableRandom rnd = new SplittableRandom(9);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = new byte[rnd.nextInt(1, 24)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(0x20, 0x7F));
            }
            boolean jdk;
            try {
                decoder.reset().decode(ByteBuffer.wrap(b));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            assertEquals(jdk, Utf8.isValid(b, 0, b.length), java.util.HexFormat.of().formatHex(b));
        }
    }
}

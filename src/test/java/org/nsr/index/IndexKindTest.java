package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nsr.config.ConfigException;

class IndexKindTest {
    private static List<String> keysOf(IndexKind kind, int proto, int a, int pa, int b, int pb) {
        List<String> out = new ArrayList<>();
        kind.keys(proto, a, pa, b, pb, new byte[kind.width()], k -> out.add(kind.format(k)));
        out.sort(null);
        return out;
    }

    @Test
    void aFlowAndItsReverseGiveTheSameKeysInEveryIndex() {
        Random rnd = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            int a = rnd.nextInt();
            int b = rnd.nextInt(4) == 0 ? a : rnd.nextInt();
            int pa = rnd.nextInt(65536);
            int pb = rnd.nextInt(65536);
            int proto = rnd.nextBoolean() ? 6 : 17;
            for (IndexKind k : IndexKind.values()) {
                assertEquals(keysOf(k, proto, a, pa, b, pb), keysOf(k, proto, b, pb, a, pa), k.configName());
            }
        }
    }

    @Test
    void connection3AndIpGiveTwoKeysAFlowTheOthersOne() {
        int a = 0x0A000005;
        int b = 0xC0A80114;
        assertEquals(List.of("tcp 10.0.0.5 192.168.1.20:51000", "tcp 192.168.1.20 10.0.0.5:443"),
                keysOf(IndexKind.CONNECTION3, 6, a, 443, b, 51000));
        assertEquals(List.of("10.0.0.5", "192.168.1.20"), keysOf(IndexKind.IP, 6, a, 443, b, 51000));
        assertEquals(List.of("tcp 10.0.0.5:443 192.168.1.20:51000"), keysOf(IndexKind.CONNECTION4, 6, b, 51000, a, 443));
        assertEquals(List.of("10.0.0.5 192.168.1.20"), keysOf(IndexKind.CONNECTION2, 6, b, 51000, a, 443));
    }

    @Test
    void parsedKeysEqualTheKeysOfFlowsWhicheverWayTheyAreWritten() throws ConfigException {
        byte[] k = new byte[13];
        List<byte[]> got = new ArrayList<>();
        IndexKind.CONNECTION4.keys(6, 0xC0A80114, 51000, 0x0A000005, 443, k, key -> got.add(key.clone()));
        assertArrayEquals(got.get(0), IndexKind.CONNECTION4.parse("tcp 10.0.0.5:443 192.168.1.20:51000"));
        assertArrayEquals(got.get(0), IndexKind.CONNECTION4.parse("6 192.168.1.20:51000 10.0.0.5:443"));
        assertArrayEquals(IndexKind.CONNECTION2.parse("10.0.0.5 192.168.1.20"),
                IndexKind.CONNECTION2.parse("192.168.1.20 10.0.0.5"));
    }

    @Test
    void badKeysNameTheIndexTheKeyAndTheExpectedForm() {
        assertEquals("connection4 key 'tcp 10.0.0.5:443' is missing the second endpoint; expected "
                + "'PROTO IP:PORT IP:PORT'", assertThrows(ConfigException.class,
                        () -> IndexKind.CONNECTION4.parse("tcp 10.0.0.5:443")).getMessage());
        assertEquals("ip key '10.0.0.300' has '10.0.0.300', which is not an IPv4 address; expected 'IP'",
                assertThrows(ConfigException.class, () -> IndexKind.IP.parse("10.0.0.300")).getMessage());
        String m = assertThrows(ConfigException.class,
                () -> IndexKind.CONNECTION3.parse("tcp 10.0.0.5 192.168.1.20")).getMessage();
        assertTrue(m.startsWith("connection3 key 'tcp 10.0.0.5 192.168.1.20' has the endpoint"), m);
        assertTrue(m.endsWith("expected 'PROTO IP IP:PORT'"), m);
        assertThrows(ConfigException.class, () -> IndexKind.CONNECTION2.parse(""));
        assertThrows(ConfigException.class, () -> IndexKind.CONNECTION4.parse("sctp 1.2.3.4:1 1.2.3.5:2"));
    }
}

package org.nsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The listen/token rule every listener shares: loopback, or a token. */
class ListenerSettingsTest {
    private static ListenerSettings read(Map<String, Object> values) throws ConfigException {
        return ListenerSettings.read(new ConfigNode("Recorder.data.metrics", values), "Recorder.data.metrics",
                "127.0.0.1:9464");
    }

    @Test
    void aNonLoopbackAddressWithoutATokenIsRefusedNamingBothKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of("listen", "0.0.0.0:9464")));
        assertEquals("Recorder.data.metrics.listen: '0.0.0.0:9464' is not a loopback address and "
                + "Recorder.data.metrics.token is not set; expected a loopback address or a token", e.getMessage());
    }

    @Test
    void aNonLoopbackAddressWithATokenIsAccepted() throws Exception {
        ListenerSettings s = read(Map.of("listen", "0.0.0.0:9464", "token", "0123456789abcdef0123"));
        assertTrue(s.listen().getAddress().isAnyLocalAddress());
        assertEquals("0123456789abcdef0123", s.token());
    }

    @Test
    void loopbackNeedsNoTokenInAnySpelling() throws Exception {
        for (String listen : new String[] {"127.0.0.1:9464", ":9464", "localhost:9464", "[::1]:9464", "127.0.0.2:1"}) {
            ListenerSettings s = read(Map.of("listen", listen));
            assertTrue(s.listen().getAddress().isLoopbackAddress(), listen);
            assertNull(s.token());
        }
    }

    @Test
    void noNodeMeansTheLoopbackDefaultAndOffMeansNoListener() throws Exception {
        ListenerSettings d = ListenerSettings.read(null, "Recorder.data.metrics", "127.0.0.1:9464");
        assertEquals(9464, d.listen().getPort());
        assertTrue(d.listen().getAddress().isLoopbackAddress());
        assertTrue(read(Map.of("listen", "off")).off());
    }

    @Test
    void aShortTokenIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of("token", "short")));
        assertEquals("Recorder.data.metrics.token: a token of 5 characters is too easy to guess; expected at least "
                + "16 characters", e.getMessage());
    }
}

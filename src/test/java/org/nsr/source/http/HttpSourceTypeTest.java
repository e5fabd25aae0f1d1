package org.nsr.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.app.BuiltInSourceTypes;

class HttpSourceTypeTest {
    private static final RecorderDefaults DEFAULTS =
            new RecorderDefaults("http://127.0.0.1:8000/", Duration.ofSeconds(1), Path.of("."));

    private static HttpSourceSpec parse(Object... kv) throws ConfigException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return (HttpSourceSpec) new HttpSourceType().parse("power", new ConfigNode("Recorder.data.sources[2]", m), DEFAULTS);
    }

    @Test
    void httpTypeIsRegistered() {
        assertTrue(BuiltInSourceTypes.registry().byName("http") instanceof HttpSourceType);
    }

    @Test
    void pathResolvesAgainstTheKernelAndDefaultsApply() throws Exception {
        HttpSourceSpec s = parse("path", "/ndt/get_power_report");
        assertEquals("http://127.0.0.1:8000/ndt/get_power_report", s.url());
        assertEquals(Duration.ofSeconds(1), s.interval());
        assertEquals(BodyWrap.FIELD, s.wrap());
        assertEquals("power", s.field());
        assertEquals(64L << 20, s.maxBodyBytes());
        assertEquals(false, s.recordErrors());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        HttpSourceSpec s = parse("url", "http://h:1/x", "interval", 5, "jitter", "100ms", "connect_timeout", "2s",
                "read_timeout", "3s", "call_timeout", "4s", "max_body_bytes", "1MB", "headers", Map.of("Accept", "application/json"),
                "wrap", "field", "field", "pw", "record_errors", true);
        assertEquals(Duration.ofSeconds(5), s.interval());
        assertEquals(Duration.ofMillis(100), s.jitter());
        assertEquals(Duration.ofSeconds(4), s.callTimeout());
        assertEquals(1_000_000, s.maxBodyBytes());
        assertEquals(Map.of("Accept", "application/json"), s.headers());
        assertEquals("pw", s.field());
        assertTrue(s.recordErrors());
    }

    @Test
    void misspelledKeyIsAnErrorNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("path", "/x", "intervall", 1));
        assertTrue(e.getMessage().startsWith("Recorder.data.sources[2].intervall: unknown key"), e.getMessage());
    }

    @Test
    void urlAndPathTogetherAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("path", "/x", "url", "http://h/x"));
        assertTrue(e.getMessage().contains("both url and path"), e.getMessage());
    }

    @Test
    void badWrapNamesTheValueAndTheChoices() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("path", "/x", "wrap", "nest"));
        assertEquals("Recorder.data.sources[2].wrap: 'nest' is not one of: field, merge", e.getMessage());
    }

    @Test
    void jitterMustBeBelowTheInterval() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("path", "/x", "jitter", "1s"));
        assertTrue(e.getMessage().startsWith("Recorder.data.sources[2].jitter: '1s'"), e.getMessage());
    }

    @Test
    void notAUrlIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("url", "ftp://h/x"));
        assertTrue(e.getMessage().startsWith("Recorder.data.sources[2].url: 'ftp://h/x' is not an http(s) URL"), e.getMessage());
    }

    @Test
    void pathWithoutKernelIsRefused() {
        RecorderDefaults none = new RecorderDefaults(null, Duration.ofSeconds(1), Path.of("."));
        ConfigException e = assertThrows(ConfigException.class, () -> new HttpSourceType().parse("p",
                new ConfigNode("s", Map.of("path", "/x")), none));
        assertTrue(e.getMessage().contains("ndtwin_kernel"), e.getMessage());
    }
}

package org.nsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSettingsTest {
    @TempDir
    Path dir;

    private IndexSettings index(String setting) throws Exception {
        Path f = dir.resolve("setting.yaml");
        Files.writeString(f, """
                Recorder:
                  data:
                    output_dir: "%s"
                %s    sources:
                      - {name: flows, type: generator, rate: 10}
                """.formatted(dir.resolve("out").toString().replace("\\", "/"), setting));
        return RecorderConfigLoader.load(f, org.nsr.app.BuiltInSourceTypes.registry()).index();
    }

    @Test
    void withoutAnIndexSettingAllFourKeysAreIndexedWithinTheDefaultMemory() throws Exception {
        IndexSettings s = index("");
        assertTrue(s.enabled());
        assertEquals(IndexSettings.KNOWN_KEYS, s.keys());
        assertEquals(64L << 20, s.memoryBytes());
    }

    @Test
    void indexOffTurnsIndexingOff() throws Exception {
        assertFalse(index("    index: off\n").enabled());
    }

    @Test
    void memoryIsReadAsASizeAndABadOneNamesTheKeyAndTheRange() throws Exception {
        assertEquals(32_000_000L, index("    index: {memory: \"32MB\"}\n").memoryBytes());
        ConfigException e = assertThrows(ConfigException.class, () -> index("    index: {memory: \"1KB\"}\n"));
        assertTrue(e.getMessage().contains("index.memory") && e.getMessage().contains("1KB"), e.getMessage());
    }
}

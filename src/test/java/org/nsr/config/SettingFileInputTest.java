package org.nsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setting files that cannot be one are refused before parsing, saying what is wrong and where. */
class SettingFileInputTest {
    @TempDir
    Path tmp;

    private String error(Path file) {
        return assertThrows(ConfigException.class, () -> RecorderConfigLoader.load(file, org.nsr.app.BuiltInSourceTypes.registry())).getMessage();
    }

    @Test
    void aUrlWithoutAHostIsRefused() throws Exception {
        Path f = Files.writeString(tmp.resolve("s.yaml"), """
                Recorder:
                  data:
                    sources:
                      - {name: a, type: http, url: "http:///x"}
                """);

        assertEquals("Recorder.data.sources[0].url: 'http:///x' has no host; expected e.g. "
                + "http://127.0.0.1:8000/ndt/get_graph_data", error(f));
    }

    @Test
    void aSingleSlashUrlIsRefusedToo() throws Exception {
        Path f = Files.writeString(tmp.resolve("s.yaml"),
                "Recorder:\n  data:\n    sources:\n      - {name: a, type: http, url: \"http:/x/y\"}\n");

        assertTrue(error(f).contains("'http:/x/y' has no host"), error(f));
    }

    @Test
    void aFiveMegabyteSourceListIsRefusedAtOnceByItsSize() throws Exception {
        StringBuilder yaml = new StringBuilder("Recorder:\n  data:\n    sources:\n");
        for (int i = 0; yaml.length() < 5_000_000; i++) {
            yaml.append("      - {name: s").append(i).append(", type: http, url: \"http://127.0.0.1:8000/x\"}\n");
        }
        Path f = Files.writeString(tmp.resolve("big.yaml"), yaml);
        long size = Files.size(f);

        long start = System.nanoTime();
        String msg = error(f);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("--config: file '" + f + "' is " + size + " bytes; expected a setting file of at most 1048576 "
                + "bytes (1 MiB)", msg);
        assertTrue(millis < 1000, "refused in " + millis + " ms, without parsing");
    }

    @Test
    void invalidUtf8SaysWhichByteAndWhere() throws Exception {
        byte[] head = "Recorder:\n  data:\n    output_dir: \"ab".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xff;
        bytes[head.length + 1] = '"';
        bytes[head.length + 2] = '\n';
        Path f = Files.write(tmp.resolve("bad.yaml"), bytes);

        assertEquals("--config: file '" + f + "' is not UTF-8 text: byte 0xff at byte offset " + head.length
                + " (line 3, column 20) is not valid UTF-8; expected a YAML setting file in UTF-8", error(f));
    }

    @Test
    void aBinaryFileSaysItLooksBinaryAndWhere() throws Exception {
        Path f = Files.write(tmp.resolve("x.zip"), new byte[] {'P', 'K', 3, 4, 0, 0, 1});

        assertEquals("--config: file '" + f + "' looks binary: a NUL byte at byte offset 4 (line 1, column 5); "
                + "expected a YAML setting file (text)", error(f));
    }

    @Test
    void aDirectoryIsNotASettingFile() {
        assertEquals("--config: '" + tmp + "' is a directory; expected a YAML setting file", error(tmp));
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        Path f = Files.writeString(tmp.resolve("bom.yaml"), "\uFEFFRecorder:\n  data:\n    log_level: DEBUG\n");

        assertEquals("DEBUG", RecorderConfigLoader.load(f, org.nsr.app.BuiltInSourceTypes.registry()).logLevel());
    }
}

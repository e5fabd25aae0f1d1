package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/** Storage classes on the packaged jar: config errors exit 2; a recording of classes reads as one. */
class StorageClassesIT {
    @TempDir
    Path work;

    private Path config(String classes) throws Exception {
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "1s"
                    display_on_console: true
                    log_level: "INFO"
                    output_dir: "./out"
                    file_timezone: "UTC"
                    metrics:
                      listen: off
                %s    sources:
                      - {name: gen, type: generator, threads: 1, rate: 2000}
                """.formatted(classes));
        return cfg;
    }

    private String run(int expectedExit, String... args) throws Exception {
        Path log = work.resolve("cmd-" + System.nanoTime() + ".log");
        try (JarProcess p = JarProcess.start(work, log, args)) {
            assertEquals(expectedExit, p.awaitExit(120), String.join(" ", args) + ":\n" + p.output());
            return p.output();
        }
    }

    @Test
    void aBadClassesSettingExitsTwoNamingTheKeyTheValueAndWhatIsExpected() throws Exception {
        Path cfg = config("    classes:\n      - {name: dns, match: {protocol: udp, port: 53}, precedence: 10}\n");
        String out = run(2, "record", "--config", cfg.toString());
        assertTrue(out.contains("classes") && out.contains("without match"), out);
        assertFalse(out.contains("\tat org.nsr"), "no stack trace for a user error:\n" + out);

        cfg = config("    classes:\n      - {name: dns, match: {port: 53}, precedence: high}\n      - {name: d}\n");
        out = run(2, "check", "--config", cfg.toString());
        assertTrue(out.contains("classes[0].precedence") && out.contains("'high'") && out.contains("whole number"),
                out);
    }

    @Test
    void aRecordingOfClassesIsReadByReplayAndLookupAsOneRecording() throws Exception {
        Path cfg = config("""
                    classes:
                      - {name: tcp, match: {protocol: tcp}, precedence: 1, cutoff: 2}
                      - {name: rest}
                """);
        Path out = work.resolve("out");
        try (JarProcess nsr = JarProcess.start(work, work.resolve("run.log"), "record", "--config", cfg.toString())) {
            JarProcess.awaitCondition("archives of both classes", 60,
                    () -> Recordings.files(out, "_gen+tcp_json.zip").size() >= 2
                            && Recordings.files(out, "_gen_json.zip").size() >= 2);
            nsr.sigterm();
            assertEquals(0, nsr.awaitExit(90), nsr.output());
            assertTrue(nsr.output().contains("summary gen class tcp:"), nsr.output());
        }
        List<String> archived = Recordings.archivedLines(out);
        assertTrue(Recordings.archivedLines(out).stream().noneMatch(l -> l.isEmpty()));
        List<Path> tcp = Recordings.files(out, "_gen+tcp_json.zip");
        for (Path zip : tcp) {
            assertTrue(Recordings.linesOf(zip).stream().allMatch(l -> l.contains("\"protocol\":6")), zip.toString());
        }
        assertTrue(Recordings.files(out, "_gen_json.zip").stream().allMatch(z -> {
            try {
                return Recordings.linesOf(z).stream().noneMatch(l -> l.contains("\"protocol\":6,"));
            } catch (Exception e) {
                return false;
            }
        }), "the catch-all holds no tcp flow");

        String replayed = run(0, "replay", out.toString(), "--as-fast-as-possible", "--no-progress", "--source", "gen");
        List<String> lines = replayed.lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(archived.size(), lines.size(), "replay of --source gen reads every class");
        long last = Long.MIN_VALUE;
        for (String l : lines) {
            long ts = Long.parseLong(l.replaceAll(".*\"timestamp\":(\\d+).*", "$1"));
            assertTrue(ts >= last, "one time order over the classes: " + l);
            last = ts;
        }

        String first = archived.get(0);
        String ip = first.replaceAll(".*\"src_ip\":\"([0-9.]+)\".*", "$1");
        String indexed = run(0, "lookup", out.toString(), "ip", ip);
        String scanned = run(0, "lookup", out.toString(), "ip", ip, "--no-index");
        assertEquals(scanned, indexed, "a lookup over the classes equals a full scan");
        assertTrue(indexed.contains(ip), indexed);
    }
}

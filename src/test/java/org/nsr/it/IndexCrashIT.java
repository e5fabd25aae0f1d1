package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * Issue 11's crash test on the packaged jar: kill -9 the recorder while it indexes and merges, ten
 * times at random moments, each start validating and completing the index of the one before. Then
 * {@code nsr index DIR --check} passes and lookups equal full scans.
 */
class IndexCrashIT {
    @TempDir
    Path work;

    /** The highest index file number written so far (numbers only grow, merges included). */
    private static long newestIndexFile(Path out) throws Exception {
        Path root = out.resolve(".nsr/index");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("L\\d-\\d{12}\\.idx"))
                    .mapToLong(n -> Long.parseLong(n.substring(3, 15))).max().orElse(0);
        }
    }

    @Test
    void tenKillsAtRandomMomentsLeaveAnIndexThatChecksAndAnswersLikeAFullScan() throws Exception {
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "500ms"
                    log_level: "INFO"
                    output_dir: "./out"
                    flush_interval: "200ms"
                    file_timezone: "UTC"
                    metrics: {listen: off}
                    index: {inactivity_timeout: "1s", merge_fanout: 2, flush_interval: "300ms"}
                    sources:
                      - name: gen
                        type: generator
                        threads: 1
                        rate: 3000
                """);
        Path out = work.resolve("out");
        Random rnd = new Random(2026);
        for (int run = 0; run < 10; run++) {
            long newestBefore = newestIndexFile(out);
            try (JarProcess p = JarProcess.start(work, work.resolve("run" + run + ".log"), "record", "--config",
                    cfg.toString())) {
                // index files appear once the first rotated files are indexed: then kill at a random moment after
                JarProcess.awaitCondition("an index file written", 60, () -> {
                    try {
                        return newestIndexFile(out) > newestBefore;
                    } catch (Exception e) {
                        return false;
                    }
                });
                Thread.sleep(rnd.nextInt(1500)); // the random moment of the kill, not a wait for anything
                p.sigkill();
                p.awaitExit(30);
            }
        }
        try (JarProcess check = JarProcess.start(work, work.resolve("check.log"), "index", out.toString(), "--check")) {
            assertEquals(0, check.awaitExit(120), check.output());
        }
        assertTrue(Recordings.files(out, "_json.zip").size() >= 5, "archives were written");
        // random keys of recorded flows: the index answer equals the full scan
        List<String> lines = Recordings.archivedLines(out);
        Random pick = new Random(5);
        Lookup lookup = new Lookup(out);
        for (int i = 0; i < 20; i++) {
            String line = lines.get(pick.nextInt(lines.size()));
            String src = field(line, "src_ip");
            String dst = field(line, "dst_ip");
            byte[] key = i % 2 == 0 ? IndexKind.IP.parse(src) : IndexKind.CONNECTION2.parse(src + " " + dst);
            IndexKind kind = i % 2 == 0 ? IndexKind.IP : IndexKind.CONNECTION2;
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            lookup.run(new Lookup.Query(kind, key, Long.MIN_VALUE, Long.MAX_VALUE, true), a);
            String explain = lookup.explain().toString();
            lookup.run(new Lookup.Query(kind, key, Long.MIN_VALUE, Long.MAX_VALUE, false), b);
            assertTrue(a.size() > 0, kind.configName() + " " + kind.format(key));
            assertEquals(b.toString(), a.toString(), kind.format(key) + ": " + explain);
        }
        List<String> logs = new ArrayList<>();
        for (int run = 1; run < 10; run++) {
            logs.add(Files.readString(work.resolve("run" + run + ".log")));
        }
        assertTrue(logs.stream().anyMatch(l -> l.contains("to index from the files")), "starts completed the index");
    }

    private static String field(String line, String key) {
        int i = line.indexOf("\"" + key + "\":\"") + key.length() + 4;
        return line.substring(i, line.indexOf('"', i));
    }
}

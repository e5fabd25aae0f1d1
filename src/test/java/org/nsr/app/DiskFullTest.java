package org.nsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.metrics.Metrics;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * A real full disk: a 4 MiB tmpfs filled with ballast. The recorder must keep running, hold
 * records in its bounded queues (producers block), never leave a corrupt archive, and write
 * everything once space returns. Needs root to mount; skipped with a message otherwise.
 */
class DiskFullTest {
    @TempDir
    Path tmp;

    private Path mount;

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    private static void fill(Path ballast) {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException expected) {
            // No space left on device: the file system is full
        }
    }

    @Test
    void aFullDiskBlocksProducersAndLosesNothingOnceSpaceReturns() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt.toString()) == 0,
                "cannot mount a tmpfs here (needs root); the disk-full test is skipped");
        mount = mnt;
        Path out = Files.createDirectories(mnt.resolve("out"));
        RecorderConfig cfg = RecorderConfigLoader.parse(RecorderConfigLoader.parseYaml("""
                Recorder:
                  data:
                    storage_interval: "1s"
                    output_dir: "%s"
                    file_timezone: "UTC"
                    sources:
                      - name: gen
                        type: generator
                        threads: 1
                        rate: 4000
                        queue_capacity: 2000
                """.formatted(out), "test"), null, tmp, BuiltInSourceTypes.registry());
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(cfg, Clock.systemUTC(), metrics);
        recorder.start();
        try {
            JarProcess.awaitCondition("a first archive", 30, () -> !Recordings.files(out, "_json.zip").isEmpty());
            Path ballast = mnt.resolve("ballast");
            fill(ballast);
            JarProcess.awaitCondition("a write error from the full disk", 30,
                    () -> metrics.value("nsr_writer_io_errors_total", "source", "gen")
                            + metrics.value("nsr_compress_failures_total") > 0);
            JarProcess.awaitCondition("producers blocked on the full queue", 30,
                    () -> metrics.value("nsr_queue_blocked_puts_total", "queue", "gen") > 0);
            assertEquals(Recorder.State.RUNNING, recorder.state(), "the recorder keeps running");
            for (Path zip : Recordings.files(out, "_json.zip")) {
                Recordings.linesOf(zip); // every archive in place is sound, even with the disk full
            }

            double writtenWhileFull = metrics.value("nsr_writer_records_total", "source", "gen");
            Files.delete(ballast);
            JarProcess.awaitCondition("writing resumes once space returns", 30,
                    () -> metrics.value("nsr_writer_records_total", "source", "gen") > writtenWhileFull + 4000);
        } finally {
            assertTrue(recorder.stop(Duration.ofSeconds(60)), "stop drains everything");
        }
        long accepted = (long) metrics.value("nsr_queue_accepted_total", "queue", "gen");
        List<String> lines = Recordings.archivedLines(out);
        assertEquals(accepted, lines.size(), "every accepted record is archived");
        assertEquals(List.of(), Recordings.files(out, ".part"));
        assertEquals(List.of(), Recordings.files(out, ".json"));
    }
}

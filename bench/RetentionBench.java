import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.nsr.archive.Retention;
import org.nsr.metrics.Metrics;
import org.nsr.write.FileStage;
import org.nsr.write.RecordingFileName;

/**
 * Cost of one Retention.apply on a full output directory, the check every rotation runs.
 * Usage (via bench/retention.sh): java RetentionBench.java DIR ARCHIVES_PER_SOURCE SOURCES ROUNDS
 */
public class RetentionBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int perSource = Integer.parseInt(args[1]);
        int sources = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        LocalDateTime start = LocalDateTime.of(2025, 1, 1, 0, 0);
        Instant now = start.plusMinutes(2L * perSource).toInstant(ZoneOffset.UTC);
        byte[] body = new byte[1000];
        for (int s = 0; s < sources; s++) {
            for (int i = 0; i < perSource; i++) {
                LocalDateTime t = start.plusMinutes(2L * i);
                Path p = dir.resolve(RecordingFileName.of(t, "source" + s).fileName(FileStage.ARCHIVED));
                Files.write(p, body);
                Files.setLastModifiedTime(p, FileTime.from(t.plusMinutes(2).toInstant(ZoneOffset.UTC)));
            }
        }
        long total = (long) perSource * sources * body.length;
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        // Limits that hold: the steady-state check, which lists and stats everything, deletes nothing.
        Retention keepAll = new Retention(Duration.ofDays(3650), total, clock, new Metrics());
        long[] ms = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            int deleted = keepAll.apply(dir).size();
            ms[r] = (System.nanoTime() - t0) / 1_000_000;
            if (deleted != 0) {
                throw new IllegalStateException("expected no deletion, got " + deleted);
            }
        }
        Arrays.sort(ms);
        // One rotation's worth of deletions: total over the limit by one archive per source.
        Retention trim = new Retention(null, total - (long) sources * body.length, clock, new Metrics());
        long t0 = System.nanoTime();
        int trimmed = trim.apply(dir).size();
        long trimMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("archives=%d apply_no_delete_median_ms=%d (min %d, max %d, %d rounds)"
                + " apply_deleting_%d_ms=%d%n", perSource * sources, ms[rounds / 2], ms[0], ms[rounds - 1], rounds,
                trimmed, trimMs);
    }
}

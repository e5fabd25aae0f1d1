import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.nsr.config.IndexSettings;
import org.nsr.index.IndexBuild;

/**
 * In-process cost of `nsr index DIR` (JVM start excluded): deletes DIR/.nsr/index and builds it
 * ROUNDS times (default 3) in one JVM, printing each round's wall time, flows/s and the thread CPU
 * of its reading and writing work (CPU s per million flows: the figure that holds on a loaded
 * machine; the first round includes the JIT's warm-up). It DELETES the recording's index.
 *
 *   java -Xmx512m -cp target/nsr.jar bench/IndexBuildCpu.java DIR [ROUNDS]
 */
public class IndexBuildCpu {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int r = 1; r <= rounds; r++) {
            Path index = dir.resolve(".nsr/index");
            if (Files.exists(index)) {
                try (Stream<Path> s = Files.walk(index)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            long t0 = System.nanoTime();
            IndexBuild.Result res = new IndexBuild(dir, IndexSettings.DEFAULT).run((done, total, flows) -> { });
            double s = (System.nanoTime() - t0) / 1e9;
            double mflows = res.flows() / 1e6;
            System.out.printf("round %d: %d flows in %.2f s wall (%.0f flows/s, JVM start excluded); CPU %.2f s reading"
                    + " + %.2f s writing = %.2f s per million flows, %d merges%n", r, res.flows(), s, res.flows() / s,
                    res.readCpuNanos() / 1e9, res.writeCpuNanos() / 1e9,
                    (res.readCpuNanos() + res.writeCpuNanos()) / 1e9 / mflows, res.merges());
        }
    }
}

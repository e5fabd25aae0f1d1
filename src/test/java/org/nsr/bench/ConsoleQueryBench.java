package org.nsr.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;

/**
 * For bench/console-query.sh: the same answer of about 1,000 records, once through a recorder's
 * remote console over TCP and once by {@link Lookup} in this JVM, interleaved RUNS times; prints
 * the medians and console/in-process.
 *   java -cp test-classes:nsr.jar org.nsr.bench.ConsoleQueryBench DIR PORT KEY RUNS
 * DIR is a GenerateRecording recording (it starts 2025-08-22T10:00Z); the time range is chosen so
 * KEY has about 1,000 records in it.
 */
public final class ConsoleQueryBench {
    private static final long START_MS = 1_755_856_800_000L; // 2025-08-22T10:00:00Z

    private ConsoleQueryBench() {
    }

    /** Counts lines without keeping them. */
    private static final class Counting extends OutputStream {
        long lines;

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
        }
    }

    private static long lookup(Path dir, String key, long endMs) throws Exception {
        Counting c = new Counting();
        new Lookup(dir).run(new Lookup.Query(IndexKind.IP, IndexKind.IP.parse(key), START_MS * 1_000_000L,
                endMs * 1_000_000L - 1, true), c);
        return c.lines;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String key = args[2];
        int runs = Integer.parseInt(args[3]);
        long tenMinutes = lookup(dir, key, START_MS + 600_000);
        long minutes = Math.max(1, Math.round(10.0 * 1000 / Math.max(1, tenMinutes)));
        long endMs = START_MS + minutes * 60_000;
        long want = lookup(dir, key, endMs);
        System.out.println("key " + key + ", " + minutes + " minutes from 2025-08-22T10:00Z: " + want + " records");
        List<Double> local = new ArrayList<>();
        List<Double> remote = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String cmd = "query feed index ip \"" + key + "\" start " + START_MS + " end " + endMs + "\n";
            for (int run = -2; run < runs; run++) { // two warm-up rounds
                long t0 = System.nanoTime();
                long n = lookup(dir, key, endMs);
                long t1 = System.nanoTime();
                out.write(cmd.getBytes(StandardCharsets.UTF_8));
                out.flush();
                long got = 0;
                String last = null;
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    last = l;
                    if (l.startsWith("ok ") || l.startsWith("error: ")) {
                        break;
                    }
                    got++;
                }
                long t2 = System.nanoTime();
                if (got != n || !("ok " + n).equals(last)) {
                    throw new IllegalStateException("the console answered " + got + " lines and '" + last
                            + "', the lookup " + n);
                }
                if (run >= 0) {
                    local.add((t1 - t0) / 1e6);
                    remote.add((t2 - t1) / 1e6);
                    System.out.printf("run %d: in-process %.1f ms, console %.1f ms%n", run + 1, (t1 - t0) / 1e6,
                            (t2 - t1) / 1e6);
                }
            }
        }
        double ml = median(local);
        double mr = median(remote);
        System.out.printf("median in-process lookup %.1f ms, console query %.1f ms, console/in-process = %.3f "
                + "(%d records; want <= 1.20)%n", ml, mr, mr / ml, want);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}

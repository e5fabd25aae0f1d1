package org.nsr.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nsr.csv.CsvRow;
import org.nsr.csv.CsvRowReader;
import org.nsr.csv.RowJson;
import org.nsr.record.LineBuffer;

/**
 * redis-server's own CPU per XADD of the producer's entries, by the shape of what is sent (for
 * bench/redis-xadd-cost.sh): {@code RedisXaddCost PORT REDIS_PID CSV ROWS SHAPE BATCH}. The rows'
 * entries (the same fields and values {@code nsr produce} sends) are encoded once, before the clock
 * starts, then sent in pipelined batches of BATCH with one batch in flight, like the producer.
 * Shapes: {@code plain} (the producer's XADD key * …), {@code multi} (each batch in MULTI/EXEC),
 * {@code maxlen} (MAXLEN ~ far above ROWS: the option's parsing, no trimming), {@code reply-off}
 * (CLIENT REPLY OFF around each batch: what replies cost Redis; not safe for a producer, since
 * refused XADDs go unseen). Prints redis-server's CPU us per XADD (utime+stime from /proc), its
 * page faults and read/write syscalls per XADD.
 */
public final class RedisXaddCost {
    private static final String[] COPIED = {"timestamp", "source_ip", "dest_ip", "protocol", "is_attack"};

    private RedisXaddCost() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int rows = Integer.parseInt(args[3]);
        String shape = args[4];
        int batch = Integer.parseInt(args[5]);
        List<byte[]> entries = entries(Path.of(args[2]), rows, shape);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            ByteArrayOutputStream b = new ByteArrayOutputStream(batch * 800);
            long[] before = stat(pid);
            for (int sent = 0; sent < entries.size(); ) {
                int n = Math.min(batch, entries.size() - sent);
                b.reset();
                b.writeBytes(command(shape.equals("multi") ? "MULTI" : shape.equals("reply-off") ? "CLIENT REPLY OFF" : ""));
                for (int i = 0; i < n; i++) {
                    b.writeBytes(entries.get(sent + i));
                }
                b.writeBytes(command(shape.equals("multi") ? "EXEC" : shape.equals("reply-off") ? "CLIENT REPLY ON" : ""));
                b.writeTo(out);
                // reply lines: an ID is two (length, value); MULTI's +OK, n +QUEUED and EXEC's array header
                skipLines(in, switch (shape) {
                    case "multi" -> 1 + n + 1 + 2 * n;
                    case "reply-off" -> 1;
                    default -> 2 * n;
                });
                sent += n;
            }
            long[] after = stat(pid);
            double n = entries.size();
            System.out.printf("%s --batch %d: redis-server %.2f us/XADD CPU, %.3f page faults, %.3f reads, %.3f writes per XADD%n",
                    shape, batch, (after[0] - before[0]) * 1e6 / ticksPerSecond() / n, (after[1] - before[1]) / n,
                    (after[2] - before[2]) / n, (after[3] - before[3]) / n);
        }
    }

    /** Each row as one complete XADD command of the producer's fields, in the shape's form. */
    private static List<byte[]> entries(Path csv, int rows, String shape) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (CsvRowReader r = new CsvRowReader(Files.newInputStream(csv))) {
            List<String> h = r.header();
            byte[][] keys = RowJson.keys(h);
            CsvRow row = r.newRow();
            LineBuffer json = new LineBuffer(1024);
            boolean maxlen = shape.equals("maxlen");
            while (out.size() < rows && r.next(row)) {
                json.reset();
                RowJson.write(json, keys, row.cells());
                ByteArrayOutputStream o = new ByteArrayOutputStream(800);
                o.writeBytes(("*" + (maxlen ? 18 : 15) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                bulk(o, "XADD");
                bulk(o, "network_traffic");
                if (maxlen) {
                    bulk(o, "MAXLEN");
                    bulk(o, "~");
                    bulk(o, Long.toString(100L * rows));
                }
                bulk(o, "*");
                bulk(o, "data");
                bulk(o, json.toByteArray());
                for (String c : COPIED) {
                    bulk(o, c);
                    bulk(o, row.cell(h.indexOf(c)));
                }
                out.add(o.toByteArray());
            }
        }
        return out;
    }

    private static byte[] command(String words) {
        if (words.isEmpty()) {
            return new byte[0];
        }
        String[] w = words.split(" ");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(("*" + w.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String x : w) {
            bulk(o, x);
        }
        return o.toByteArray();
    }

    private static void bulk(ByteArrayOutputStream o, String s) {
        bulk(o, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bulk(ByteArrayOutputStream o, byte[] b) {
        o.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(b);
        o.writeBytes(new byte[] {'\r', '\n'});
    }

    private static void skipLines(InputStream in, int lines) throws IOException {
        while (lines > 0) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("redis-server closed the connection");
            }
            if (c == '-') {
                throw new IOException("redis-server refused a command (see its reply on a manual run)");
            }
            while (c != '\n') {
                c = in.read();
                if (c < 0) {
                    throw new EOFException("redis-server closed the connection");
                }
            }
            lines--;
        }
    }

    /** utime + stime ticks, minor + major faults, read and write syscalls of the process. */
    private static long[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long reads = 0;
        long writes = 0;
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
            if (l.startsWith("syscr:")) {
                reads = Long.parseLong(l.substring(6).trim());
            } else if (l.startsWith("syscw:")) {
                writes = Long.parseLong(l.substring(6).trim());
            }
        }
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[7]) + Long.parseLong(f[9]),
            reads, writes};
    }

    private static long ticksPerSecond() {
        return Long.getLong("clk.tck", 100);
    }
}

package org.nsr.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes CSV files like the DDoS dataset, messy on purpose: empty fields, malformed IPs, corrupted
 * timestamps, duplicated rows, outliers, rows out of time order, quoted cells with commas, quotes
 * and newlines, and (when asked) rows with the wrong number of cells, a BOM and CRLF line ends.
 * Seeded, so a test can rebuild what it expects.
 */
public final class MessyTrafficCsv {
    public static final List<String> COLUMNS = List.of("timestamp", "source_ip", "dest_ip", "source_port",
            "dest_port", "protocol", "packet_size", "ttl", "flags", "response_time_ms", "country", "service",
            "bytes_sent", "bytes_received", "packets_sent", "packets_received", "session_id", "is_attack",
            "attack_type", "http_method", "uri_path", "status_code", "user_agent");
    private static final String[] BAD_IPS = {"999.999.999.999", "192.168.1", "corrupted"};
    private static final String[] BAD_TIMES = {"2024-13-45 25:99:99", "INVALID_TIME", "0000-00-00 00:00:00"};
    private static final String[] ATTACKS = {"syn_flood", "udp_flood", "http_flood", "slowloris"};

    /** What was written: the 1-based first line of every bad row. */
    public record Written(long rows, long goodRows, List<Long> badLines) {
    }

    private long seed = 1;
    private boolean bom;
    private boolean crlf;
    private double badRowShare;
    private double messShare = 0.05;

    public MessyTrafficCsv seed(long s) {
        this.seed = s;
        return this;
    }

    public MessyTrafficCsv bomAndCrlf() {
        this.bom = true;
        this.crlf = true;
        return this;
    }

    /** Share of rows with the wrong number of cells (default none). */
    public MessyTrafficCsv badRows(double share) {
        this.badRowShare = share;
        return this;
    }

    /** Share of cells made messy (default 5%); 0 writes clean rows. */
    public MessyTrafficCsv mess(double share) {
        this.messShare = share;
        return this;
    }

    public Written write(Path file, long rows) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            return write(out, rows, true);
        }
    }

    /** Appends rows without a header (for a growing file); lines are counted from {@code firstLine}. */
    public Written append(Path file, long rows) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND,
                java.nio.file.StandardOpenOption.CREATE)) {
            return write(out, rows, false);
        }
    }

    private Written write(OutputStream os, long rows, boolean header) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String nl = crlf ? "\r\n" : "\n";
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        long line = 1;
        if (header) {
            if (bom) {
                w.write('\uFEFF');
            }
            w.write(String.join(",", COLUMNS));
            w.write(nl);
            line++;
        }
        List<Long> bad = new ArrayList<>();
        LocalDateTime t = LocalDateTime.of(2024, 1, 15, 10, 0);
        String previous = null;
        long good = 0;
        for (long i = 0; i < rows; i++) {
            String row;
            if (badRowShare > 0 && r.nextDouble() < badRowShare) {
                row = "2024-01-15T10:00:00,10.0.0.1,only,four";
                bad.add(line);
            } else if (previous != null && r.nextDouble() < messShare) {
                row = previous; // a duplicated row
                good++;
            } else {
                t = t.plusNanos(r.nextLong(1_000_000, 50_000_000));
                LocalDateTime rowTime = r.nextDouble() < messShare ? t.minusSeconds(r.nextInt(1, 120)) : t;
                row = row(r, rowTime, i);
                previous = row;
                good++;
            }
            w.write(row);
            w.write(nl);
            line += 1 + row.chars().filter(c -> c == '\n').count();
        }
        w.flush();
        return new Written(rows, good, bad);
    }

    private String row(SplittableRandom r, LocalDateTime time, long i) {
        boolean attack = r.nextInt(4) == 0;
        String tcp = r.nextBoolean() ? "TCP" : "UDP";
        List<String> c = new ArrayList<>(COLUMNS.size());
        c.add(messy(r) ? BAD_TIMES[r.nextInt(BAD_TIMES.length)] : time.toString());
        c.add(messy(r) ? BAD_IPS[r.nextInt(BAD_IPS.length)] : "192.168." + r.nextInt(256) + "." + r.nextInt(1, 255));
        c.add(messy(r) ? BAD_IPS[r.nextInt(BAD_IPS.length)] : "10.0." + r.nextInt(256) + "." + r.nextInt(1, 255));
        c.add(String.valueOf(r.nextInt(1024, 65536)));
        c.add(String.valueOf(r.nextBoolean() ? 80 : 443));
        c.add(tcp);
        c.add(messy(r) ? (r.nextBoolean() ? "-1" : "999999") : String.valueOf(r.nextInt(40, 1500)));
        c.add(String.valueOf(r.nextInt(1, 256)));
        c.add(tcp.equals("TCP") ? "SYN" : "");
        c.add(String.format("%.2f", r.nextDouble(0.1, 900)));
        c.add(messy(r) ? "" : "TW");
        c.add(r.nextBoolean() ? "http" : "dns");
        long bs = r.nextLong(100, 1_000_000);
        c.add(String.valueOf(bs));
        c.add(String.valueOf(r.nextLong(100, 1_000_000)));
        c.add(String.valueOf(r.nextInt(1, 1000)));
        c.add(String.valueOf(r.nextInt(1, 1000)));
        c.add("s-" + seed + "-" + i);
        c.add(attack ? "True" : "False");
        c.add(attack ? ATTACKS[r.nextInt(ATTACKS.length)] : "");
        c.add(r.nextBoolean() ? "GET" : "POST");
        c.add(r.nextInt(50) == 0 ? "\"/search?q=a,b\nnext\"" : "/index.html");
        c.add(messy(r) ? "" : String.valueOf(r.nextBoolean() ? 200 : 503));
        c.add(r.nextInt(10) == 0 ? "\"Mozilla/5.0 (X11, \"\"quoted\"\")\"" : "curl/8.0");
        return String.join(",", c);
    }

    private boolean messy(SplittableRandom r) {
        return messShare > 0 && r.nextDouble() < messShare;
    }
}

package org.nsr.detect;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Writes a messy network-traffic CSV with ground truth, in the shape of the DDoS pipeline's dataset
 * ({@code timestamp,source_ip,dest_ip,source_port,dest_port,protocol,packets,bytes,is_attack,attack_type}):
 * normal traffic (web, DNS, a little UDP) all along, and attack windows of SYN flood, HTTP flood, UDP
 * flood and DNS amplification. "Messy" as real exports are: timestamps in two formats, booleans as
 * True/false/1/0, protocols in either case, blank attack types on normal rows, rows out of order by up
 * to a second, and about 0.2 % of rows broken (missing columns, bad IPs, bad numbers).
 */
public final class AttackDataset {
    /** The four windows: type, start minute, length in minutes. */
    static final Object[][] WINDOWS = {{"syn_flood", 20, 5}, {"http_flood", 45, 5}, {"udp_flood", 70, 5},
            {"dns_amplification", 95, 5}};

    private AttackDataset() {
    }

    /** Writes {@code minutes} of traffic starting at {@code start}; returns the rows written. */
    public static long write(Path csv, Instant start, int minutes, long seed) throws IOException {
        Random r = new Random(seed);
        long rows = 0;
        long t0 = start.toEpochMilli();
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("timestamp,source_ip,dest_ip,source_port,dest_port,protocol,packets,bytes,is_attack,attack_type\n");
            for (long sec = 0; sec < minutes * 60L; sec++) {
                int minute = (int) (sec / 60);
                String attack = null;
                for (Object[] win : WINDOWS) {
                    if (minute >= (int) win[1] && minute < (int) win[1] + (int) win[2]) {
                        attack = (String) win[0];
                    }
                }
                // Normal load varies smoothly through the day with noise: 25..45 flows a second.
                int normal = 25 + (int) (10 * Math.sin(sec / 900.0)) + r.nextInt(10);
                for (int i = 0; i < normal; i++) {
                    rows += normalRow(w, r, t0 + sec * 1000 + r.nextInt(1000));
                }
                if (attack != null) {
                    int n = 300 + r.nextInt(100);
                    for (int i = 0; i < n; i++) {
                        rows += attackRow(w, r, attack, t0 + sec * 1000 + r.nextInt(1000));
                    }
                }
            }
        }
        return rows;
    }

    private static String ip(Random r, String prefix) {
        return prefix + r.nextInt(256);
    }

    private static int normalRow(BufferedWriter w, Random r, long ms) throws IOException {
        int kind = r.nextInt(10);
        String src = ip(r, "10.1." + r.nextInt(4) + ".");
        if (kind < 6) {
            row(w, r, ms, src, ip(r, "172.16.0."), 1024 + r.nextInt(60000), r.nextBoolean() ? 443 : 80, "TCP",
                    5 + r.nextInt(40), 0, false, "");
        } else if (kind < 8) {
            row(w, r, ms, "10.1.0.53", src, 53, 1024 + r.nextInt(60000), "UDP", 1, 80 + r.nextInt(300), false, "");
        } else {
            row(w, r, ms, src, ip(r, "172.16.1."), 1024 + r.nextInt(60000), 1024 + r.nextInt(30000), "udp",
                    1 + r.nextInt(5), 0, false, "");
        }
        return 1;
    }

    private static int attackRow(BufferedWriter w, Random r, String type, long ms) throws IOException {
        String spoofed = r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        switch (type) {
            case "syn_flood" -> row(w, r, ms, spoofed, "172.16.0.10", 1024 + r.nextInt(60000), 443, "TCP", 1, 60, true,
                    type);
            case "http_flood" -> row(w, r, ms, ip(r, "45.33." + r.nextInt(8) + "."), "172.16.0.20",
                    1024 + r.nextInt(60000), 80, "tcp", 6 + r.nextInt(4), 0, true, type);
            case "udp_flood" -> row(w, r, ms, spoofed, "172.16.0.30", 1024 + r.nextInt(60000), 1 + r.nextInt(65000),
                    "UDP", 1 + r.nextInt(3), 0, true, type);
            default -> row(w, r, ms, ip(r, "198.51.100."), "172.16.0.40", 53, 1024 + r.nextInt(60000), "UDP", 2,
                    2 * (2800 + r.nextInt(1200)), true, type);
        }
        return 1;
    }

    private static void row(BufferedWriter w, Random r, long ms, String src, String dst, int sport, int dport,
            String proto, int packets, long bytes, boolean attack, String type) throws IOException {
        long b = bytes > 0 ? bytes : packets * (200L + r.nextInt(1200));
        int mess = r.nextInt(1000);
        String time = r.nextBoolean() ? Instant.ofEpochMilli(ms).toString()
                : Instant.ofEpochMilli(ms).toString().replace('T', ' ').replace("Z", "");
        String flag = switch (r.nextInt(4)) {
            case 0 -> attack ? "True" : "False";
            case 1 -> attack ? "true" : "false";
            case 2 -> attack ? "1" : "0";
            default -> attack ? "TRUE" : "FALSE";
        };
        if (mess == 0) {
            w.write(time + "," + src + "\n"); // truncated row
        } else if (mess == 1) {
            w.write(time + ",999.1.2.3," + dst + "," + sport + "," + dport + "," + proto + "," + packets + "," + b + ","
                    + flag + "," + type + "\n");
        } else if (mess == 2) {
            w.write(time + "," + src + "," + dst + "," + sport + ",x," + proto + ",," + b + "," + flag + "," + type + "\n");
        } else {
            w.write(time + "," + src + "," + dst + "," + sport + "," + dport + "," + proto + "," + packets + "," + b
                    + "," + flag + "," + type + "\n");
        }
    }
}

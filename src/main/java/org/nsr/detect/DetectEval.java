package org.nsr.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nsr.config.DetectSettings;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.Ipv4;
import org.nsr.record.codec.LineKinds;

/**
 * Replays a ground-truth CSV ({@code timestamp,source_ip,dest_ip,source_port,dest_port,protocol,
 * packets,bytes,is_attack,attack_type}) through the {@link Detector} and measures it against
 * {@code is_attack} and {@code attack_type}: per attack type the detection delay from the window's
 * first row, the minute-level recall, and over the normal minutes the false-alert rate. Rows that
 * cannot be read are skipped and counted. Times are the rows' own (stream time).
 */
public final class DetectEval {
    /** The targets. */
    static final long MAX_DELAY_MS = 10_000;
    static final double MIN_RECALL = 0.95;
    static final double MAX_FALSE_PER_10_MIN = 1.0;

    public record TypeResult(String type, long firstRowMs, long delayMs, int attackMinutes, int detectedMinutes,
            List<String> rules) {
        public double recall() {
            return attackMinutes == 0 ? 0 : (double) detectedMinutes / attackMinutes;
        }
    }

    public record Result(long rows, long skipped, List<TypeResult> types, int normalMinutes, int falseAlerts,
            double recordsPerSecond) {
        public double falsePer10Minutes() {
            return normalMinutes == 0 ? 0 : falseAlerts * 10.0 / normalMinutes;
        }

        public boolean targetsMet() {
            return types.stream().allMatch(t -> t.delayMs() >= 0 && t.delayMs() <= MAX_DELAY_MS
                    && t.recall() >= MIN_RECALL) && falsePer10Minutes() < MAX_FALSE_PER_10_MIN;
        }

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "rows %d, skipped %d (unreadable), detector %.0f records/s%n", rows,
                    skipped, recordsPerSecond));
            for (TypeResult t : types) {
                sb.append(String.format(Locale.ROOT, "%-18s delay %s, minute recall %.3f (%d/%d), rules %s%n",
                        t.type(), t.delayMs() < 0 ? "NOT DETECTED" : (t.delayMs() / 1000.0) + " s", t.recall(),
                        t.detectedMinutes(), t.attackMinutes(), t.rules()));
            }
            sb.append(String.format(Locale.ROOT, "false alerts %d over %d normal minutes = %.2f per 10 min%n",
                    falseAlerts, normalMinutes, falsePer10Minutes()));
            sb.append("targets (delay <= 10 s, recall >= 0.95, < 1 false alert / 10 min): ")
                    .append(targetsMet() ? "met" : "NOT met").append('\n');
            return sb.toString();
        }
    }

    private DetectEval() {
    }

    public static Result run(Path csv, DetectSettings settings) throws IOException {
        Detector detector = new Detector(settings, new Metrics());
        List<Alert> alerts = new ArrayList<>();
        Map<Long, Boolean> minuteHasAttack = new HashMap<>();
        Map<String, TreeSet<Long>> attackMinutes = new TreeMap<>();
        Map<String, Long> firstRow = new HashMap<>();
        Flow flow = new Flow();
        long rows = 0;
        long skipped = 0;
        long cpuNanos = 0;
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                String[] c = line.split(",", -1);
                rows++;
                long ms;
                int src;
                int dst;
                int sport;
                int dport;
                int proto;
                long packets;
                long bytes;
                boolean attack;
                try {
                    if (c.length != 10) {
                        throw new IllegalArgumentException("columns");
                    }
                    ms = time(c[0].trim());
                    src = ip(c[1].trim());
                    dst = ip(c[2].trim());
                    sport = Integer.parseInt(c[3].trim());
                    dport = Integer.parseInt(c[4].trim());
                    proto = switch (c[5].trim().toUpperCase(Locale.ROOT)) {
                        case "TCP" -> 6;
                        case "UDP" -> 17;
                        case "ICMP" -> 1;
                        default -> throw new IllegalArgumentException("protocol");
                    };
                    packets = Long.parseLong(c[6].trim());
                    bytes = Long.parseLong(c[7].trim());
                    String flag = c[8].trim().toLowerCase(Locale.ROOT);
                    attack = flag.equals("true") || flag.equals("1");
                } catch (RuntimeException e) {
                    skipped++;
                    continue;
                }
                long minute = Math.floorDiv(ms, 60_000L);
                minuteHasAttack.merge(minute, attack, Boolean::logicalOr);
                if (attack) {
                    String type = c[9].trim().isEmpty() ? "unknown" : c[9].trim();
                    attackMinutes.computeIfAbsent(type, k -> new TreeSet<>()).add(minute);
                    firstRow.merge(type, ms, Math::min);
                }
                flow.fill(LineKinds.OTHER, ms * 1_000_000L, src, dst, sport, dport, proto, packets, bytes, Double.NaN,
                        Double.NaN);
                long t = System.nanoTime();
                detector.flow(flow);
                cpuNanos += System.nanoTime() - t;
                if (rows % 8192 == 0) {
                    alerts.addAll(detector.takeEnded());
                }
            }
        }
        alerts.addAll(detector.takeEnded());
        alerts.addAll(detector.openAlerts());
        List<TypeResult> types = new ArrayList<>();
        for (var e : attackMinutes.entrySet()) {
            long start = firstRow.get(e.getKey());
            long end = (e.getValue().last() + 1) * 60_000L;
            long delay = -1;
            TreeSet<String> rules = new TreeSet<>();
            for (Alert a : alerts) {
                if (a.firstMs() >= start - 1_000 && a.firstMs() < end) {
                    rules.add(a.rule());
                    long d = Math.max(0, a.firstMs() - start);
                    delay = delay < 0 ? d : Math.min(delay, d);
                }
            }
            int detected = 0;
            for (long m : e.getValue()) {
                long from = m * 60_000L;
                long to = from + 60_000L;
                if (alerts.stream().anyMatch(a -> a.firstMs() < to && a.lastMs() >= from)) {
                    detected++;
                }
            }
            types.add(new TypeResult(e.getKey(), start, delay, e.getValue().size(), detected, List.copyOf(rules)));
        }
        int normal = (int) minuteHasAttack.values().stream().filter(v -> !v).count();
        int falseAlerts = (int) alerts.stream()
                .filter(a -> !minuteHasAttack.getOrDefault(Math.floorDiv(a.firstMs(), 60_000L), false)).count();
        long kept = rows - skipped;
        return new Result(rows, skipped, types, normal, falseAlerts, cpuNanos == 0 ? 0 : kept / (cpuNanos / 1e9));
    }

    private static int ip(String s) {
        long v = Ipv4.parseDotted(s);
        if (v < 0) {
            throw new IllegalArgumentException("ip " + s);
        }
        return (int) v;
    }

    /** ISO instants ({@code 2026-01-01T00:00:00.123Z}) or {@code 2026-01-01 00:00:00.123} read as UTC. */
    static long time(String s) {
        if (s.endsWith("Z")) {
            return Instant.parse(s).toEpochMilli();
        }
        return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}

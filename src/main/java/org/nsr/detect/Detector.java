package org.nsr.detect;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nsr.config.DetectSettings;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.record.codec.Ipv4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises DDoS alerts from the flows of any flow source (read through the flow view), by the flows'
 * own time, so a replayed recording or CSV is judged as it happened. Rules, over a sliding window:
 * per-source flow rate, port scan (distinct destination ports per source), SYN flood (SYN-only sized
 * TCP flows per destination; the flow view carries no TCP flags, so "SYN-only" is ≤ 3 packets of at
 * most {@code syn_max_packet_bytes}), DNS/UDP amplification (UDP from port 53 in packets ≥ 512 B, bytes
 * per destination), UDP flood and HTTP flood (flows per destination), and a volume spike of the
 * total bytes per second against mean + k·σ of the recent seconds.
 *
 * <p>Memory is bounded whatever the number of keys: every per-key count is a {@link SlidingCountMin},
 * and the distinct ports of the sources that may be scanning also a {@link PortScanWatch};
 * at most {@link #MAX_OPEN} alerts are open at once (more are counted as suppressed) and the last
 * {@link #RECENT} are kept for the page. Each new alert is logged at WARN, counted in
 * {@code nsr_detect_alerts_total{rule=}} and handed to the listeners.
 *
 * <p>When the analysis samples (over its CPU budget), {@link #keptShare} scales every threshold to the
 * share of flows shown, and alerts report the count scaled back to the whole traffic.
 *
 * <p>Thread-safe: the taps of several sources call {@link #flow} at once (one lock).
 */
public final class Detector implements FlowVisitor {
    private static final Logger log = LoggerFactory.getLogger(Detector.class);
    static final int MAX_OPEN = 1000;
    static final int RECENT = 100;
    private static final int WIDTH = 4096;
    private static final String[] RULES = {"source_rate", "port_scan", "syn_flood", "http_flood", "dns_amplification",
            "udp_flood", "volume_spike"};
    private static final int SOURCE_RATE = 0;
    private static final int PORT_SCAN = 1;
    private static final int SYN_FLOOD = 2;
    private static final int HTTP_FLOOD = 3;
    private static final int DNS_AMPLIFICATION = 4;
    private static final int UDP_FLOOD = 5;
    private static final int VOLUME_SPIKE = 6;

    private static final class Open {
        final String rule;
        final String key;
        final double threshold;
        double metric;
        final long firstMs;
        long lastMs;

        Open(String rule, String key, double metric, double threshold, long ms) {
            this.rule = rule;
            this.key = key;
            this.metric = metric;
            this.threshold = threshold;
            this.firstMs = ms;
            this.lastMs = ms;
        }
    }

    private final DetectSettings s;
    private final boolean logAlerts;
    private final String windowText;
    private final Metrics metrics;
    private final List<Consumer<Alert>> listeners = new ArrayList<>();
    private final List<Consumer<Alert>> endListeners = new ArrayList<>();
    private final SlidingCountMin perSource;
    private final SlidingCountMin pairSeen;
    private final SlidingCountMin ports;
    private final PortScanWatch scans;
    private final SlidingCountMin syn;
    private final SlidingCountMin amplification;
    private final SlidingCountMin udp;
    private final SlidingCountMin http;
    private final VolumeBaseline volume;
    /** Open alerts by rule and key ({@link #id}): found without building a string per flow over a threshold. */
    private final Map<Long, Open> open = new HashMap<>();
    private final ArrayDeque<Alert> recent = new ArrayDeque<>();
    private final ArrayDeque<Long> recentIds = new ArrayDeque<>();
    /** The share of flows the detector is shown (below 1 when the analysis samples), and the thresholds scaled to it. */
    private double kept = 1;
    private long sourceFlows;
    private long scanPorts;
    private long synFlows;
    private long httpFlows;
    private long amplificationBytes;
    private long udpFlows;
    private final Map<String, Counter> perRule = new HashMap<>();
    private final Counter suppressed;
    private long total;
    private long currentSecond = Long.MIN_VALUE;

    public Detector(DetectSettings settings, Metrics metrics) {
        this(settings, metrics, true);
    }

    /** @param logAlerts false for a detector run over past records on request (the recording's page) */
    public Detector(DetectSettings settings, Metrics metrics, boolean logAlerts) {
        this.logAlerts = logAlerts;
        this.s = settings;
        this.metrics = metrics;
        int w = (int) Math.max(1, settings.window().toSeconds());
        this.windowText = w + "s";
        perSource = new SlidingCountMin(WIDTH, w);
        pairSeen = new SlidingCountMin(WIDTH * 16, w);
        ports = new SlidingCountMin(WIDTH, w);
        scans = new PortScanWatch(settings.scanPorts(), w, metrics.counter("nsr_detect_scan_watch_replaced_total",
                "Sources watched for a port scan that gave their slot to another (the watch table was full)"));
        syn = new SlidingCountMin(WIDTH, w);
        amplification = new SlidingCountMin(WIDTH, w);
        udp = new SlidingCountMin(WIDTH, w);
        http = new SlidingCountMin(WIDTH, w);
        volume = new VolumeBaseline((int) settings.spikeBaseline().toSeconds(), settings.spikeSigmas(),
                settings.spikeMinBytes());
        suppressed = metrics.counter("nsr_detect_suppressed_total", "Alerts not opened because "
                + MAX_OPEN + " were open");
        keptShare(1);
    }

    /**
     * Tells the detector that it sees only {@code share} of the flows (the analysis skips batches to
     * keep within its CPU budget): every count threshold is scaled by it, the volume baseline adds each
     * flow's bytes divided by it, and an alert's metric is the count divided by it, so an alert still
     * means "the whole traffic crossed the configured threshold" (estimated from the sample).
     */
    public synchronized void keptShare(double share) {
        double q = Math.max(0.001, Math.min(1, share));
        if (q == kept && sourceFlows != 0) {
            return;
        }
        kept = q;
        sourceFlows = scaled(s.sourceFlows(), q);
        scanPorts = scaled(s.scanPorts(), q);
        synFlows = scaled(s.synFlows(), q);
        httpFlows = scaled(s.httpFlows(), q);
        amplificationBytes = scaled(s.amplificationBytes(), q);
        udpFlows = scaled(s.udpFlows(), q);
    }

    private static long scaled(long threshold, double q) {
        return q >= 1 ? threshold : Math.max(1, (long) Math.ceil(threshold * q));
    }

    private static long id(int rule, int key) {
        return ((long) rule << 32) | (key & 0xFFFFFFFFL);
    }

    /** Called with every new alert, under the detector's lock: must not block. */
    public synchronized void onAlert(Consumer<Alert> listener) {
        listeners.add(listener);
    }

    /** Called with every alert that ended (its final last record time), under the lock: must not block. */
    public synchronized void onEnded(Consumer<Alert> listener) {
        endListeners.add(listener);
    }

    @Override
    public synchronized void flow(Flow f) {
        long t = f.timeNanos();
        long sec = Math.floorDiv(t, 1_000_000_000L);
        long ms = Math.floorDiv(t, 1_000_000L);
        if (sec > currentSecond) {
            if (currentSecond != Long.MIN_VALUE) {
                double spike = volume.closeSecond(currentSecond);
                if (!Double.isNaN(spike)) {
                    fire(VOLUME_SPIKE, 0, volume.lastBytes(), spike, ms);
                }
                expire(ms);
            }
            currentSecond = sec;
        }
        long packets = f.packets();
        long bytes = Math.max(0, f.bytes());
        volume.add(sec, kept >= 1 ? bytes : (long) (bytes / kept));
        int src = f.srcIp();
        int dst = f.dstIp();
        long srcHash = SlidingCountMin.hash(src);
        long n = perSource.addAndEstimateHashed(srcHash, 1, sec);
        if (n > sourceFlows) {
            fire(SOURCE_RATE, src, n / kept, s.sourceFlows(), ms);
        }
        if (f.dstPort() >= 0) {
            // Distinct ports two ways: the pair sketch counts from a source's first flow but saturates in
            // busy traffic (every new pair then looks seen); the watch, for sources past a quarter of the
            // threshold in flows, does not.
            long distinct = 0;
            long pairHash = SlidingCountMin.hash(((long) src << 16) ^ f.dstPort());
            if (pairSeen.addAndEstimateHashed(pairHash, 1, sec) == 1) {
                distinct = ports.addAndEstimateHashed(srcHash, 1, sec);
            }
            if (n > scanPorts / 4) {
                distinct = Math.max(distinct, scans.add(src, f.dstPort(), sec));
            }
            if (distinct > scanPorts) {
                fire(PORT_SCAN, src, distinct / kept, s.scanPorts(), ms);
            }
        }
        int protocol = f.protocol();
        if (protocol != 6 && protocol != 17) {
            return;
        }
        long dstHash = SlidingCountMin.hash(dst);
        long perPacket = packets > 0 ? bytes / packets : -1;
        if (protocol == 6) {
            if (packets > 0 && packets <= 3 && perPacket <= s.synMaxPacketBytes()) {
                long c = syn.addAndEstimateHashed(dstHash, 1, sec);
                if (c > synFlows) {
                    fire(SYN_FLOOD, dst, c / kept, s.synFlows(), ms);
                }
            }
            int port = f.dstPort();
            if (port == 80 || port == 443 || port == 8080) {
                long c = http.addAndEstimateHashed(dstHash, 1, sec);
                if (c > httpFlows) {
                    fire(HTTP_FLOOD, dst, c / kept, s.httpFlows(), ms);
                }
            }
        } else {
            if (f.srcPort() == 53 && perPacket >= 512) {
                long b = amplification.addAndEstimateHashed(dstHash, bytes, sec);
                if (b > amplificationBytes) {
                    fire(DNS_AMPLIFICATION, dst, b / kept, s.amplificationBytes(), ms);
                }
            }
            long c = udp.addAndEstimateHashed(dstHash, 1, sec);
            if (c > udpFlows) {
                fire(UDP_FLOOD, dst, c / kept, s.udpFlows(), ms);
            }
        }
    }

    private void fire(int rule, int key, double metric, double threshold, long ms) {
        long id = id(rule, key);
        Open o = open.get(id);
        if (o != null) {
            o.lastMs = Math.max(o.lastMs, ms);
            o.metric = Math.max(o.metric, metric);
            return;
        }
        if (open.size() >= MAX_OPEN) {
            suppressed.increment();
            return;
        }
        String ruleName = RULES[rule];
        o = new Open(ruleName, rule == VOLUME_SPIKE ? "all traffic" : Ipv4.dotted(key), metric, threshold, ms);
        open.put(id, o);
        total++;
        perRule.computeIfAbsent(ruleName, r -> metrics.counter("nsr_detect_alerts_total", "Alerts raised, by rule",
                "rule", r)).increment();
        Alert a = toAlert(o);
        recent.addFirst(a);
        recentIds.addFirst(id);
        while (recent.size() > RECENT) {
            recent.removeLast();
            recentIds.removeLast();
        }
        if (logAlerts) {
            log.warn("alert {} on {}: {} over {} above the threshold {}{}; first record {}", ruleName, o.key,
                    (long) metric, a.window(), (long) threshold, kept < 1 ? " (estimated from the "
                    + Math.round(kept * 1000) / 10.0 + " % of flows analysed)" : "", Instant.ofEpochMilli(ms));
        }
        for (Consumer<Alert> l : listeners) {
            l.accept(a);
        }
    }

    private Alert toAlert(Open o) {
        return new Alert(o.rule, o.key, o.rule.equals("volume_spike") ? "1s" : windowText, o.metric, o.threshold,
                o.firstMs, o.lastMs);
    }

    private void expire(long nowMs) {
        long quiet = s.quiet().toMillis();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext();) {
            Open o = it.next();
            if (o.lastMs < nowMs - quiet) {
                it.remove();
                Alert a = toAlert(o);
                ended.add(a);
                if (logAlerts) {
                    log.info("alert {} on {} ended: peak {} over {} (threshold {}), records from {} to {}", a.rule(), a.key(),
                        (long) a.metric(), a.window(), (long) a.threshold(), Instant.ofEpochMilli(a.firstMs()),
                            Instant.ofEpochMilli(a.lastMs()));
                }
                for (Consumer<Alert> l : endListeners) {
                    l.accept(a);
                }
            }
        }
        while (ended.size() > RECENT * 100) {
            ended.removeFirst(); // a reader that never takes them: keep memory bounded
        }
    }

    private final ArrayDeque<Alert> ended = new ArrayDeque<>();

    /** Alerts that ended since the last call (with their final last time), oldest first; then forgotten. */
    public synchronized List<Alert> takeEnded() {
        List<Alert> out = new ArrayList<>(ended);
        ended.clear();
        return out;
    }

    /** Every open alert as it stands now. */
    public synchronized List<Alert> openAlerts() {
        return open.values().stream().map(this::toAlert).toList();
    }

    /**
     * What the detector holds, for the bounded-memory test: the sketches' counters (fixed at
     * construction), then the open, recent and ended alerts (each capped).
     */
    synchronized long[] held() {
        long counters = 0;
        for (SlidingCountMin c : new SlidingCountMin[] {perSource, pairSeen, ports, syn, amplification, udp, http}) {
            counters += c.heldLongs();
        }
        counters += scans.heldLongs();

        return new long[] {counters, open.size(), recent.size(), ended.size()};
    }

    public synchronized long totalAlerts() {
        return total;
    }

    /** What the dashboard's attacks panel shows: counts and the recent alerts with their current last time. */
    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", open.size());
        m.put("total", total);
        m.put("suppressed", suppressed.get());
        m.put("kept_share", kept);
        List<Map<String, Object>> list = new ArrayList<>();
        Iterator<Long> ids = recentIds.iterator();
        for (Alert a : recent) {
            Open o = open.get(ids.next());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("rule", a.rule());
            e.put("key", a.key());
            e.put("window", a.window());
            e.put("metric", o != null ? o.metric : a.metric());
            e.put("threshold", a.threshold());
            e.put("first_ms", a.firstMs());
            e.put("last_ms", o != null && o.firstMs == a.firstMs() ? o.lastMs : a.lastMs());
            e.put("active", o != null && o.firstMs == a.firstMs());
            list.add(e);
            if (list.size() >= 20) {
                break;
            }
        }
        m.put("recent", list);
        return m;
    }
}

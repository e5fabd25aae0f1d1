package org.nsr.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nsr.config.DetectSettings;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.Ipv4;
import org.nsr.record.codec.LineKinds;

class DetectorTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private final Metrics metrics = new Metrics();
    private final Detector detector = new Detector(DetectSettings.defaults(), metrics);
    private final Flow flow = new Flow();

    private void send(long t, String src, String dst, int sport, int dport, int proto, long packets, long bytes) {
        detector.flow(flow.fill(LineKinds.OTHER, t, ip(src), ip(dst), sport, dport, proto, packets, bytes, Double.NaN,
                Double.NaN));
    }

    private static int ip(String s) {
        return (int) Ipv4.parseDotted(s);
    }

    private List<String> rules() {
        return detector.openAlerts().stream().map(a -> a.rule() + " " + a.key()).sorted().toList();
    }

    /** Normal web browsing: a few flows a second from a few clients; never an alert. */
    private void background(long fromSec, long toSec) {
        for (long s = fromSec; s < toSec; s++) {
            for (int i = 0; i < 20; i++) {
                send(T0 + s * 1_000_000_000L + i * 1_000_000L, "10.0.0." + (i % 10 + 1), "10.0.1.1", 40000 + i, 443, 6,
                        12, 9000);
            }
        }
    }

    @Test
    void ordinaryTrafficRaisesNoAlert() {
        background(0, 120);
        assertEquals(List.of(), rules());
        assertEquals(0, detector.totalAlerts());
    }

    @Test
    void oneSourceSendingTooManyFlowsIsASourceRateAlert() {
        for (int i = 0; i < 2500; i++) {
            send(T0 + i * 1_000_000L, "192.0.2.7", "10.0.1." + (i % 200), 1000 + i, 5000, 17, 1, 100);
        }
        assertTrue(rules().contains("source_rate 192.0.2.7"), rules().toString());
    }

    @Test
    void manyDistinctPortsFromOneSourceIsAPortScan() {
        for (int port = 1; port <= 150; port++) {
            send(T0 + port * 1_000_000L, "198.51.100.9", "10.0.1.1", 55555, port, 6, 1, 60);
        }
        assertEquals(List.of("port_scan 198.51.100.9"), rules());
        Alert a = detector.openAlerts().get(0);
        assertEquals(100, a.threshold());
        assertEquals("10s", a.window());
        assertTrue(a.metric() > 100);
    }

    /** A scanner's 150 ports interleaved with {@code others} flows from random sources to random ports, in one window. */
    private void scanAmong(int others, java.util.function.IntUnaryOperator otherSource, int otherPort) {
        Random r = new Random(7);
        int every = others / 150;
        int port = 0;
        for (int i = 0; i < others; i++) {
            long t = T0 + i * (9_000_000_000L / others);
            int src = otherSource.applyAsInt(i);
            detector.flow(flow.fill(LineKinds.OTHER, t, src, ip("10.0.1.1"), 40000, otherPort < 0 ? r.nextInt(65536)
                    : otherPort, 6, 2, 120, Double.NaN, Double.NaN));
            if (i % every == 0 && port < 150) {
                send(t, "198.51.100.9", "10.0.1.1", 55555, ++port, 6, 1, 60);
            }
        }
    }

    private boolean scanFound() {
        return detector.openAlerts().stream().anyMatch(a -> a.rule().equals("port_scan") && a.key().equals("198.51.100.9"));
    }

    @Test
    void aScannerAmongMillionsOfDistinctSourcePortPairsIsStillFound() {
        Random r = new Random(3);
        scanAmong(1_500_000, i -> r.nextInt(), -1); // a shared "pair seen" sketch is saturated by these
        assertTrue(scanFound(), rules().toString());
    }

    @Test
    void aFloodFromManySourcesDoesNotPushAScannerOutOfTheWatch() {
        scanAmong(800_000, i -> ip("172.16.0.0") + i % 20_000, 80); // 20,000 sources, 40 flows each, one port
        assertTrue(scanFound(), rules().toString());
        assertTrue(metrics.value("nsr_detect_scan_watch_replaced_total") > 0, "the watch table was full and said so");
        assertTrue(rules().stream().noneMatch(s -> s.startsWith("port_scan 172.16.")), "a flood is not a scan");
    }

    @Test
    void tinyTcpFlowsFromManySourcesToOneTargetAreASynFlood() {
        for (int i = 0; i < 1500; i++) {
            send(T0 + i * 2_000_000L, "203.0." + (i >> 8) + "." + (i & 255), "10.0.1.5", 1024 + i, 22, 6, 1, 60);
        }
        assertEquals(List.of("syn_flood 10.0.1.5"), rules());
    }

    @Test
    void largeUdpAnswersFromPort53ToOneTargetAreDnsAmplification() {
        for (int i = 0; i < 1200; i++) {
            send(T0 + i * 5_000_000L, "8.8." + (i % 50) + ".1", "10.0.1.6", 53, 30000 + i, 17, 2, 6000);
        }
        assertEquals(List.of("dns_amplification 10.0.1.6"), rules());
    }

    @Test
    void manyUdpFlowsToOneTargetAreAUdpFlood() {
        for (int i = 0; i < 1800; i++) {
            send(T0 + i * 3_000_000L, "203.1." + (i >> 8) + "." + (i & 255), "10.0.1.7", 4000 + i, 9999, 17, 1, 200);
        }
        assertEquals(List.of("udp_flood 10.0.1.7"), rules());
    }

    @Test
    void manyWebFlowsToOneTargetAreAnHttpFlood() {
        for (int i = 0; i < 1800; i++) {
            send(T0 + i * 3_000_000L, "203.2." + (i >> 8) + "." + (i & 255), "10.0.1.8", 4000 + i, 80, 6, 8, 4000);
        }
        assertEquals(List.of("http_flood 10.0.1.8"), rules());
    }

    @Test
    void aSuddenVolumeJumpOverTheLearntBaselineIsAVolumeSpike() {
        background(0, 120);
        for (int i = 0; i < 50; i++) {
            send(T0 + 120_000_000_000L + i * 1_000_000L, "10.0.0." + (i % 10 + 1), "10.0.1.1", 40000, 443, 6, 1000,
                    1_500_000);
        }
        send(T0 + 121_000_000_000L, "10.0.0.1", "10.0.1.1", 40000, 443, 6, 1, 100); // closes the spike second
        assertEquals(List.of("volume_spike all traffic"), rules());
    }

    @Test
    void anAlertEndsAfterItsRuleIsQuietAndIsCountedOnce() {
        for (int i = 0; i < 150; i++) {
            send(T0 + i * 1_000_000L, "198.51.100.9", "10.0.1.1", 5, i + 1, 6, 1, 60);
        }
        background(1, 60);
        assertEquals(List.of(), rules());
        assertEquals(1, detector.takeEnded().size());
        assertEquals(1, (long) metrics.value("nsr_detect_alerts_total", "rule", "port_scan"));
    }

    @Test
    void aHundredThousandSourceIpsKeepMemoryBoundedAndRaiseNoFalseSourceAlerts() {
        Random r = new Random(7);
        long[] before = detector.held();
        for (int round = 0; round < 3; round++) { // 30 s of stream time: the sliding windows turn over
            for (int i = 0; i < 1_000_000; i++) {
                long t = T0 + round * 10_000_000_000L + i * 10_000L;
                detector.flow(flow.fill(LineKinds.OTHER, t, 0x0B000000 + r.nextInt(100_000),
                        ip("10.0.1.1") + r.nextInt(250), 1024 + r.nextInt(60000), r.nextInt(1024), 6, 10, 8000,
                        Double.NaN, Double.NaN));
            }
        }
        long[] after = detector.held();
        assertEquals(before[0], after[0], "the sketches hold as many counters as they were built with");
        assertTrue(after[1] <= Detector.MAX_OPEN && after[2] <= Detector.RECENT && after[3] <= Detector.RECENT * 100,
                "open, recent and ended alerts stay capped: " + java.util.Arrays.toString(after));
        assertTrue(rules().stream().noneMatch(s -> s.startsWith("source_rate") || s.startsWith("port_scan")),
                "100,000 sources of 300 flows each are no single heavy source: " + rules());
    }

    @Test
    void aDetectorShownATenthOfTheFlowsScalesItsThresholdsAndReportsTheWholeTrafficsEstimate() {
        detector.keptShare(0.1);
        for (int i = 0; i < 160; i++) { // a tenth of a 1,600-flow UDP flood: over 1,500 when scaled back
            send(T0 + i * 30_000_000L, "203.1.0." + (i & 255), "10.0.1.7", 4000 + i, 9999, 17, 1, 200);
        }
        assertEquals(List.of("udp_flood 10.0.1.7"), rules());
        Alert a = detector.openAlerts().get(0);
        assertEquals(1500, a.threshold(), "the alert names the configured threshold");
        assertTrue(a.metric() > 1500 && a.metric() <= 1610, "the metric is the sample's count scaled back: " + a.metric());
        assertEquals(0.1, (double) detector.snapshot().get("kept_share"), 1e-12);
    }

    @Test
    void theFullShareKeepsTheConfiguredThresholds() {
        detector.keptShare(1);
        for (int i = 0; i < 160; i++) {
            send(T0 + i * 30_000_000L, "203.1.0." + (i & 255), "10.0.1.7", 4000 + i, 9999, 17, 1, 200);
        }
        assertEquals(List.of(), rules());
    }
}

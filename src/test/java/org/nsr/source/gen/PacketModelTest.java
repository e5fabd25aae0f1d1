package org.nsr.source.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PacketModelTest {
    private static final int FLOWS = 20_000;

    @TempDir
    Path dir;

    /** The table, written out independently of the code under test: {min, max}. */
    private static int[] expectedPackets(int protocol, int dstPort) {
        if (protocol == 6) {
            if (dstPort == 80 || dstPort == 443) {
                return new int[] {10, 50};
            }
            if (dstPort == 22) {
                return new int[] {100, 500};
            }
            return new int[] {5, 100};
        }
        if (protocol == 17) {
            return dstPort == 53 ? new int[] {2, 2} : new int[] {1, 20};
        }
        return new int[] {1, 10};
    }

    private GeneratorConfig single(TrafficType type, int min, int max, int avg) throws Exception {
        return GenTesting.config(dir, "traffic_patterns:\n  - {type: " + type.configName() + ", percentage: 100}\n"
                + "packets: {min_size: " + min + ", max_size: " + max + ", average_size: " + avg + "}\n");
    }

    @ParameterizedTest
    @EnumSource(TrafficType.class)
    void packetCountsFollowTheTableAndReachBothEndsOfTheirRange(TrafficType type) throws Exception {
        FlowFactory f = new FlowFactory(single(type, 500, 500, 500), 1, 7);
        Map<String, int[]> seen = new HashMap<>(); // class -> {min seen, max seen}
        for (int i = 0; i < FLOWS; i++) {
            FlowRecord r = f.next(i);
            int[] range = expectedPackets(r.protocol(), r.dstPort());
            assertTrue(r.packetCount() >= range[0] && r.packetCount() <= range[1],
                    type + ": " + r.packetCount() + " packets outside " + range[0] + ".." + range[1] + " for " + r);
            String key = range[0] + ".." + range[1];
            int[] s = seen.computeIfAbsent(key, k -> new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE});
            s[0] = (int) Math.min(s[0], r.packetCount());
            s[1] = (int) Math.max(s[1], r.packetCount());
        }
        for (Map.Entry<String, int[]> e : seen.entrySet()) {
            assertEquals(e.getKey(), e.getValue()[0] + ".." + e.getValue()[1], type + " range not covered");
        }
    }

    @Test
    void eachTrafficTypeUsesItsProtocolAndServerPorts() throws Exception {
        Map<TrafficType, String> expected = Map.of(
                TrafficType.WEB, "6:80,443", TrafficType.DNS, "17:53", TrafficType.SSH, "6:22",
                TrafficType.DATABASE, "6:3306,5432,27017,6379", TrafficType.SMTP, "6:25,587,465",
                TrafficType.FTP, "6:21,20");
        for (Map.Entry<TrafficType, String> e : expected.entrySet()) {
            FlowFactory f = new FlowFactory(single(e.getKey(), 500, 500, 500), 3, 11);
            String[] parts = e.getValue().split(":");
            for (int i = 0; i < 2000; i++) {
                FlowRecord r = f.next(i);
                assertEquals(Integer.parseInt(parts[0]), r.protocol(), e.getKey() + " protocol");
                assertTrue(("," + parts[1] + ",").contains("," + r.dstPort() + ","), e.getKey() + " port " + r.dstPort());
                assertTrue(r.srcPort() >= 49152 && r.srcPort() <= 65535, "ephemeral client port " + r.srcPort());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TrafficType.class)
    void bytesAreThePacketCountTimesAverageWithinTwentyPercentAndAverageOut(TrafficType type) throws Exception {
        FlowFactory f = new FlowFactory(single(type, 500, 500, 500), 2, 99);
        long packets = 0;
        long bytes = 0;
        for (int i = 0; i < FLOWS; i++) {
            FlowRecord r = f.next(i);
            assertTrue(r.byteCount() >= 400L * r.packetCount() && r.byteCount() <= 600L * r.packetCount(),
                    "bytes outside packets x 400..600: " + r);
            packets += r.packetCount();
            bytes += r.byteCount();
        }
        assertEquals(500.0, (double) bytes / packets, 2.0, type + " mean packet size");
    }

    @Test
    void packetSizesAreClampedToEthernetLimits() throws Exception {
        // average 1400 +-280 reaches past 1500: sizes pile up at 1500
        FlowFactory big = new FlowFactory(single(TrafficType.SSH, 1400, 1400, 1400), 1, 5);
        long packets = 0;
        long bytes = 0;
        for (int i = 0; i < 5000; i++) {
            FlowRecord r = big.next(i);
            assertTrue(r.byteCount() >= 1120L * r.packetCount() && r.byteCount() <= 1500L * r.packetCount(), r.toString());
            packets += r.packetCount();
            bytes += r.byteCount();
        }
        double expectedMean = 0;
        for (int s = 1120; s <= 1680; s++) {
            expectedMean += Math.min(s, 1500);
        }
        expectedMean /= 561;
        assertEquals(expectedMean, (double) bytes / packets, 2.0, "mean of clamped sizes");

        // average 60 +-12 reaches below 64: every packet is at least 64
        FlowFactory small = new FlowFactory(single(TrafficType.SSH, 60, 60, 60), 1, 5);
        for (int i = 0; i < 2000; i++) {
            FlowRecord r = small.next(i);
            assertTrue(r.byteCount() >= 64L * r.packetCount() && r.byteCount() <= 72L * r.packetCount(), r.toString());
        }
    }

    @Test
    void perFlowPacketLengthAveragesTheConfiguredAverageSize() throws Exception {
        FlowFactory f = new FlowFactory(single(TrafficType.WEB, 64, 1500, 300), 1, 3);
        long packets = 0;
        long bytes = 0;
        for (int i = 0; i < 50_000; i++) {
            FlowRecord r = f.next(i);
            assertTrue(r.byteCount() >= 64L * r.packetCount() && r.byteCount() <= 1500L * r.packetCount(), r.toString());
            packets += r.packetCount();
            bytes += r.byteCount();
        }
        assertEquals(300.0, (double) bytes / packets, 10.0);
    }

    @Test
    void defaultMixSharesFollowThePercentages() throws Exception {
        FlowFactory f = new FlowFactory(GenTesting.config(dir,
                "traffic_patterns:\n  - {type: dns_traffic, percentage: 25}\n  - {type: ssh_traffic, percentage: 75}\n"), 1, 1);
        int dns = 0;
        for (int i = 0; i < FLOWS; i++) {
            if (f.next(i).dstPort() == 53) {
                dns++;
            }
        }
        assertEquals(0.25, (double) dns / FLOWS, 0.015);
    }

    @Test
    void addressesComeFromTheConfiguredSubnetsWithTheirWeights() throws Exception {
        GeneratorConfig cfg = GenTesting.config(dir, "network:\n  source_subnets: [192.168.1.0/24, 172.16.0.0/12]\n"
                + "  source_weights: [1, 3]\n  destination_subnets: [10.9.8.0/30]\n");
        Subnet a = Subnet.parse("192.168.1.0/24");
        Subnet b = Subnet.parse("172.16.0.0/12");
        Subnet d = Subnet.parse("10.9.8.0/30");
        FlowFactory f = new FlowFactory(cfg, 1, 1);
        int inA = 0;
        for (int i = 0; i < FLOWS; i++) {
            FlowRecord r = f.next(i);
            assertTrue(a.contains(r.srcIp()) || b.contains(r.srcIp()), r.toString());
            assertTrue(d.contains(r.dstIp()), r.toString());
            // /30: only the two host addresses, never network or broadcast
            assertTrue((r.dstIp() & 3) == 1 || (r.dstIp() & 3) == 2, r.toString());
            if (a.contains(r.srcIp())) {
                inA++;
            }
        }
        assertEquals(0.25, (double) inA / FLOWS, 0.015);
    }

    @Test
    void randomBidirectionalModeReversesAboutTheConfiguredShare() throws Exception {
        GeneratorConfig cfg = GenTesting.config(dir, "generation:\n  bidirectional_mode: random\n"
                + "  bidirectional_probability: 0.3\ntraffic_patterns:\n  - {type: ssh_traffic, percentage: 100}\n");
        FlowFactory f = new FlowFactory(cfg, 1, 1);
        int reversed = 0;
        for (int i = 0; i < FLOWS; i++) {
            FlowRecord r = f.next(i);
            if (r.srcPort() == 22) {
                reversed++;
                assertTrue(Subnet.parse("10.100.0.0/16").contains(r.srcIp()) || Subnet.parse("203.0.113.0/24").contains(r.srcIp()));
            }
        }
        assertEquals(0.3, (double) reversed / FLOWS, 0.015);
    }
}

package org.nsr.source.gen;

import java.util.List;

/**
 * A validated flowgen configuration: how many flows, how fast (in synthetic time), which mix of
 * traffic, between which networks and with which packet sizes. Immutable; built by
 * {@link GeneratorConfigParser} or {@link #defaults()}.
 *
 * @param maxFlows {@code generation.max_flows}, or -1 when unset
 * @param durationNanos {@code generation.duration_seconds} in ns, or -1 when unset
 * @param flowsPerSecond the synthetic flow rate of all streams together, from
 *     {@code generation.rate.flows_per_second} or derived from {@code rate.bandwidth_gbps}
 * @param startTimestampNanos {@code generation.start_timestamp} (epoch seconds in the file)
 * @param bidirectionalProbability chance that a flow runs server to client; 0 for mode {@code none}
 * @param sourceWeights one weight per source subnet, in the same order
 */
public record GeneratorConfig(
        long maxFlows,
        long durationNanos,
        double flowsPerSecond,
        long startTimestampNanos,
        double bidirectionalProbability,
        List<TrafficShare> trafficPatterns,
        List<Subnet> sourceSubnets,
        List<Double> sourceWeights,
        List<Subnet> destinationSubnets,
        PacketSizes packets) {

    /** 2024-01-01T00:00:00Z, flowgen's example start: a fixed default keeps seeded runs repeatable. */
    public static final long DEFAULT_START_SECONDS = 1_704_067_200L;
    /** flowgen's default link speed. */
    public static final double DEFAULT_BANDWIDTH_GBPS = 10.0;

    public GeneratorConfig {
        trafficPatterns = List.copyOf(trafficPatterns);
        sourceSubnets = List.copyOf(sourceSubnets);
        sourceWeights = List.copyOf(sourceWeights);
        destinationSubnets = List.copyOf(destinationSubnets);
    }

    /** The built-in configuration used when no {@code -c/--config} file is given. */
    public static GeneratorConfig defaults() {
        PacketSizes packets = new PacketSizes(64, 1500, 800);
        return new GeneratorConfig(-1, -1, flowsPerSecondFor(DEFAULT_BANDWIDTH_GBPS, packets.averageSize()),
                DEFAULT_START_SECONDS * 1_000_000_000L, 0.0,
                List.of(new TrafficShare(TrafficType.WEB, 50), new TrafficShare(TrafficType.DNS, 20),
                        new TrafficShare(TrafficType.DATABASE, 10), new TrafficShare(TrafficType.SSH, 5),
                        new TrafficShare(TrafficType.SMTP, 5), new TrafficShare(TrafficType.FTP, 5),
                        new TrafficShare(TrafficType.RANDOM, 5)),
                List.of(Subnet.parse("192.168.0.0/16"), Subnet.parse("10.10.0.0/16")),
                List.of(0.7, 0.3),
                List.of(Subnet.parse("10.100.0.0/16"), Subnet.parse("203.0.113.0/24")),
                packets);
    }

    /** flowgen's conversion: one flow per average packet at the given link speed. */
    static double flowsPerSecondFor(double bandwidthGbps, int averagePacketSize) {
        return bandwidthGbps * 1e9 / 8 / averagePacketSize;
    }

    /** Synthetic time between two consecutive flows of the whole generator, in ns. */
    public double intervalNanos() {
        return 1e9 / flowsPerSecond;
    }

    /** A copy with another synthetic rate; used by the recorder source, whose rate is its own key. */
    public GeneratorConfig withFlowsPerSecond(double rate) {
        return new GeneratorConfig(maxFlows, durationNanos, rate, startTimestampNanos, bidirectionalProbability,
                trafficPatterns, sourceSubnets, sourceWeights, destinationSubnets, packets);
    }

    /** A copy starting at another time: {@code --realtime} starts the synthetic clock at the wall clock. */
    public GeneratorConfig withStartTimestampNanos(long start) {
        return new GeneratorConfig(maxFlows, durationNanos, flowsPerSecond, start, bidirectionalProbability,
                trafficPatterns, sourceSubnets, sourceWeights, destinationSubnets, packets);
    }
}

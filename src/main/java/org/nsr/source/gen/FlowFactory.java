package org.nsr.source.gen;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the flows of one stream from a config and the stream's own random generator. Not
 * thread-safe: each stream (one generator thread) owns one. The same seed and stream id give the
 * same flows in the same order, whatever else runs at the same time.
 */
public final class FlowFactory {
    private final int streamId;
    private final SplittableRandom rng;
    private final PacketSizes packets;
    private final double bidirectional;
    private final TrafficType[] types;
    private final double[] typeCumulative;
    private final Subnet[] sources;
    private final double[] sourceCumulative;
    private final Subnet[] destinations;
    private long sequence;

    public FlowFactory(GeneratorConfig config, int streamId, long seed) {
        if (streamId < 1 || streamId > 0xFFFFFF) {
            throw new IllegalArgumentException("stream id " + streamId + " outside 1..16777215");
        }
        this.streamId = streamId;
        this.rng = new SplittableRandom(streamSeed(seed, streamId));
        this.packets = config.packets();
        this.bidirectional = config.bidirectionalProbability();
        List<TrafficShare> shares = config.trafficPatterns();
        this.types = new TrafficType[shares.size()];
        double[] pct = new double[shares.size()];
        for (int i = 0; i < shares.size(); i++) {
            types[i] = shares.get(i).type();
            pct[i] = shares.get(i).percentage();
        }
        this.typeCumulative = cumulative(pct);
        this.sources = config.sourceSubnets().toArray(new Subnet[0]);
        this.sourceCumulative = cumulative(config.sourceWeights().stream().mapToDouble(Double::doubleValue).toArray());
        this.destinations = config.destinationSubnets().toArray(new Subnet[0]);
    }

    /** Mixes the run seed with the stream id so streams are independent yet fixed by the seed. */
    static long streamSeed(long seed, int streamId) {
        long z = seed + streamId * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    public int streamId() {
        return streamId;
    }

    /** How many flows this factory has made. */
    public long made() {
        return sequence;
    }

    /** The stream's next flow, stamped {@code timestampNanos}. */
    public FlowRecord next(long timestampNanos) {
        TrafficType type = types[pick(typeCumulative)];
        int protocol = type.protocol(rng);
        int serverPort = type.serverPort(protocol, rng);
        int clientPort = TrafficType.clientPort(protocol, rng);
        int client = sources[pick(sourceCumulative)].randomHost(rng);
        int server = destinations[destinations.length == 1 ? 0 : rng.nextInt(destinations.length)].randomHost(rng);
        int packetCount = PacketModel.packetCount(protocol, serverPort, rng);
        long byteCount = PacketModel.byteCount(packetCount, PacketModel.packetLength(packets, rng), rng);
        // flowgen's stateless bidirectional mode: the flow's direction is reversed, not duplicated
        boolean reversed = bidirectional > 0 && rng.nextDouble() < bidirectional;
        long seq = sequence++;
        if (reversed) {
            return new FlowRecord(streamId, seq, timestampNanos, server, client, serverPort, clientPort, protocol,
                    packetCount, byteCount);
        }
        return new FlowRecord(streamId, seq, timestampNanos, client, server, clientPort, serverPort, protocol,
                packetCount, byteCount);
    }

    private int pick(double[] cumulative) {
        int last = cumulative.length - 1;
        if (last == 0) {
            return 0;
        }
        double r = rng.nextDouble() * cumulative[last];
        for (int i = 0; i < last; i++) {
            if (r < cumulative[i]) {
                return i;
            }
        }
        return last;
    }

    private static double[] cumulative(double[] weights) {
        double[] out = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            out[i] = sum;
        }
        return out;
    }
}

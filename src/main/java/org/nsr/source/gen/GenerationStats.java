package org.nsr.source.gen;

import java.util.Locale;

/** Counts of what a generate run wrote: in total, per stream and per protocol. Collector thread only. */
public final class GenerationStats {
    private final long[] perStream;
    private final long[] perProtocol = new long[256];
    private long flows;
    private long sampledOut;
    private long filteredOut;
    private long aggregatedAway;
    private long aggregationSplits;
    private long lateInRealtime;

    public GenerationStats(int streams) {
        this.perStream = new long[streams + 1];
    }

    void count(FlowRecord f) {
        flows++;
        perStream[f.streamId()]++;
        perProtocol[f.protocol() & 0xFF]++;
    }

    void sampledOut(long n) {
        sampledOut += n;
    }

    void filteredOut(long n) {
        filteredOut += n;
    }

    void aggregatedAway(long n) {
        aggregatedAway += n;
    }

    void aggregationSplit() {
        aggregationSplits++;
    }

    long aggregationSplits() {
        return aggregationSplits;
    }

    void countLate() {
        lateInRealtime++;
    }

    public long sampledOut() {
        return sampledOut;
    }

    public long filteredOut() {
        return filteredOut;
    }

    public long aggregatedAway() {
        return aggregatedAway;
    }

    public long lateInRealtime() {
        return lateInRealtime;
    }

    public long flows() {
        return flows;
    }

    public long stream(int streamId) {
        return perStream[streamId];
    }

    public long protocol(int protocol) {
        return perProtocol[protocol];
    }

    /** The summary printed on stderr at the end of {@code nsr generate}. */
    public String summary(long elapsedNanos, long seed) {
        double seconds = elapsedNanos / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "generated %d flows in %.3f s (%.0f flows/s), %d streams, seed %d%n",
                flows, seconds, seconds > 0 ? flows / seconds : 0.0, perStream.length - 1, seed));
        if (sampledOut + filteredOut + aggregatedAway + aggregationSplits + lateInRealtime > 0) {
            sb.append(String.format(Locale.ROOT, "dropped by --sample: %d, by --filter: %d; merged by --aggregate: %d"
                    + " (windows split: %d); written more than 1 ms late (--realtime): %d%n", sampledOut, filteredOut,
                    aggregatedAway, aggregationSplits, lateInRealtime));
        }
        sb.append("per stream:");
        for (int s = 1; s < perStream.length; s++) {
            sb.append(' ').append(s).append('=').append(perStream[s]);
        }
        sb.append(System.lineSeparator()).append("per protocol:");
        for (int p = 0; p < perProtocol.length; p++) {
            if (perProtocol[p] > 0) {
                sb.append(' ').append(protocolName(p)).append('=').append(perProtocol[p]);
            }
        }
        return sb.append(System.lineSeparator()).toString();
    }

    static String protocolName(int p) {
        return switch (p) {
            case TrafficType.TCP -> "tcp(6)";
            case TrafficType.UDP -> "udp(17)";
            case TrafficType.ICMP -> "icmp(1)";
            default -> "proto(" + p + ")";
        };
    }
}

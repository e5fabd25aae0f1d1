package org.nsr.ui;

import java.util.ArrayList;
import java.util.List;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.Ipv4;

/**
 * The traffic the dashboard shows, from the flow view of every flow source: top talkers (source IP
 * by bytes) and top conversations (IP pair) over the last 1 and 5 minutes, the protocol mix, and
 * bytes and flows per second. Time is the flows' own time, so a finished recording shows what it
 * held, not the wall clock.
 *
 * <p>Memory is bounded: 30 buckets of 10 s, each holding at most {@code maxKeysPerBucket} talkers
 * and as many conversations; flows of keys past that bound still count in the totals and in
 * {@link #overflowFlows()}, so the top lists are exact unless the overflow is non-zero. A flow with
 * no byte count (an NDTwin poll) counts its estimated rate over one second.
 *
 * <p>Thread-safe: the taps of several sources add while the publisher reads.
 */
public final class TrafficWindow {
    static final long BUCKET_NANOS = 10_000_000_000L;
    static final int BUCKETS = 30;
    static final int SECONDS = 900;

    private static final int PROTOCOLS = 257; // 0..255 and unknown (-1) at 256

    private static final class Bucket {
        long index = Long.MIN_VALUE;
        long mods; // changes with every flow added: what the merged sums of older buckets check
        final KeyCounts talkers;
        final KeyCounts conversations;
        final long[] protocolBytes = new long[PROTOCOLS];
        final long[] protocolFlows = new long[PROTOCOLS];

        Bucket(int maxKeys) {
            talkers = new KeyCounts(maxKeys);
            conversations = new KeyCounts(maxKeys);
        }

        void reset(long idx) {
            index = idx;
            mods++;
            talkers.clear();
            conversations.clear();
            java.util.Arrays.fill(protocolBytes, 0);
            java.util.Arrays.fill(protocolFlows, 0);
        }
    }

    /**
     * The sum of the buckets of a span before the newest one, kept while none of them changes, so
     * a tick merges only the newest bucket into it instead of all 30 (the 5-minute lists would
     * otherwise walk up to 300,000 keys every second).
     */
    private static final class OlderSum {
        final KeyCounts sum;
        long newestIndex = Long.MIN_VALUE;
        long mods = -1;

        OlderSum(int maxKeys) {
            sum = new KeyCounts(maxKeys);
        }
    }

    private final int maxKeysPerBucket;
    private final Bucket[] buckets = new Bucket[BUCKETS];
    private final OlderSum[] olderTalkers = new OlderSum[6];
    private final OlderSum[] olderConversations = new OlderSum[6];
    private final long[] secondBytes = new long[SECONDS];
    private final long[] secondFlows = new long[SECONDS];
    private final long[] secondIndex = new long[SECONDS];
    private long newestNanos = Long.MIN_VALUE;
    private long overflowFlows;
    private long totalFlows;

    public TrafficWindow(int maxKeysPerBucket) {
        if (maxKeysPerBucket < 10) {
            throw new IllegalArgumentException("maxKeysPerBucket " + maxKeysPerBucket + " must be at least 10");
        }
        this.maxKeysPerBucket = maxKeysPerBucket;
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket(maxKeysPerBucket);
        }
        java.util.Arrays.fill(secondIndex, Long.MIN_VALUE);
    }

    /** Bytes a flow stands for: its count, or one second of its estimated rate. */
    static long bytesOf(Flow f) {
        if (f.bytes() >= 0) {
            return f.bytes();
        }
        double bps = f.bitsPerSecond();
        return Double.isNaN(bps) || bps < 0 ? 0 : (long) (bps / 8);
    }

    public synchronized void add(Flow f) {
        long t = f.timeNanos();
        if (newestNanos != Long.MIN_VALUE && t < newestNanos - BUCKETS * BUCKET_NANOS) {
            return; // older than the window: nothing shown covers it
        }
        newestNanos = Math.max(newestNanos, t);
        long bytes = bytesOf(f);
        totalFlows++;
        long sec = Math.floorDiv(t, 1_000_000_000L);
        int s = (int) Math.floorMod(sec, SECONDS);
        if (secondIndex[s] != sec) {
            secondIndex[s] = sec;
            secondBytes[s] = 0;
            secondFlows[s] = 0;
        }
        secondBytes[s] += bytes;
        secondFlows[s]++;
        long idx = Math.floorDiv(t, BUCKET_NANOS);
        Bucket b = buckets[(int) Math.floorMod(idx, BUCKETS)];
        if (b.index != idx) {
            b.reset(idx);
        }
        b.mods++;
        int p = f.protocol() >= 0 && f.protocol() < 256 ? f.protocol() : 256;
        b.protocolBytes[p] += bytes;
        b.protocolFlows[p]++;
        boolean counted = b.talkers.add(f.srcIp(), bytes, 1);
        long pair = ((long) f.srcIp() << 32) | (f.dstIp() & 0xFFFFFFFFL);
        counted &= b.conversations.add(pair, bytes, 1);
        if (!counted) {
            overflowFlows++;
        }
    }

    /** Flows whose talker or conversation did not fit in its bucket (counted in totals only). */
    public synchronized long overflowFlows() {
        return overflowFlows;
    }

    public synchronized long totalFlows() {
        return totalFlows;
    }

    /** The newest flow time seen, epoch nanoseconds, or {@link Long#MIN_VALUE} before any. */
    public synchronized long newestNanos() {
        return newestNanos;
    }

    /** One entry of a top list. */
    public record Top(String key, long bytes, long flows) {
    }

    /** Top {@code n} talkers over the last {@code minutes} (1 to 5) before the newest flow. */
    public synchronized List<Top> topTalkers(int minutes, int n) {
        List<Top> out = new ArrayList<>();
        top(minutes, n, olderTalkers, true, (k, bytes, flows) -> out.add(new Top(Ipv4.dotted((int) k), bytes, flows)));
        return out;
    }

    /** Top {@code n} conversations (source → destination) over the last {@code minutes}. */
    public synchronized List<Top> topConversations(int minutes, int n) {
        List<Top> out = new ArrayList<>();
        top(minutes, n, olderConversations, false, (k, bytes, flows) -> out.add(new Top(
                Ipv4.dotted((int) (k >>> 32)) + " → " + Ipv4.dotted((int) k), bytes, flows)));
        return out;
    }

    /** Bytes and flows by protocol name over the last {@code minutes}, biggest first. */
    public synchronized List<Top> protocolMix(int minutes) {
        long[] bytes = new long[PROTOCOLS];
        long[] flows = new long[PROTOCOLS];
        for (Bucket b : recent(minutes)) {
            for (int p = 0; p < PROTOCOLS; p++) {
                bytes[p] += b.protocolBytes[p];
                flows[p] += b.protocolFlows[p];
            }
        }
        List<Top> out = new ArrayList<>();
        for (int p = 0; p < PROTOCOLS; p++) {
            if (flows[p] > 0) {
                out.add(new Top(protocolName(p == 256 ? -1 : p), bytes[p], flows[p]));
            }
        }
        out.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        return out;
    }

    /** Bytes and flows of the whole second {@code epochSecond}, or zeros when none was seen. */
    public synchronized long[] second(long epochSecond) {
        int s = (int) Math.floorMod(epochSecond, SECONDS);
        return secondIndex[s] == epochSecond ? new long[] {secondBytes[s], secondFlows[s]} : new long[2];
    }

    /** The top of a span: its older buckets' kept sum (rebuilt when one changed) plus the newest bucket. */
    private void top(int minutes, int n, OlderSum[] cache, boolean talkers, KeyCounts.Entry out) {
        if (newestNanos == Long.MIN_VALUE) {
            return;
        }
        int m = Math.max(1, Math.min(5, minutes));
        long newest = Math.floorDiv(newestNanos, BUCKET_NANOS);
        Bucket newestBucket = null;
        long mods = 0;
        List<Bucket> older = new ArrayList<>();
        for (Bucket b : recent(m)) {
            if (b.index == newest) {
                newestBucket = b;
            } else {
                older.add(b);
                mods += b.mods * 31 + b.index;
            }
        }
        OlderSum o = cache[m];
        if (o == null) {
            o = cache[m] = new OlderSum(maxKeysPerBucket * m * 6);
        }
        if (o.newestIndex != newest || o.mods != mods) {
            o.sum.clear();
            for (Bucket b : older) {
                o.sum.addAll(talkers ? b.talkers : b.conversations);
            }
            o.newestIndex = newest;
            o.mods = mods;
        }
        KeyCounts latest = newestBucket == null ? null : talkers ? newestBucket.talkers : newestBucket.conversations;
        KeyCounts.topOfSum(o.sum, latest, n, out);
    }

    static String protocolName(int p) {
        return switch (p) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case -1 -> "unknown";
            default -> "IP " + p;
        };
    }

    private List<Bucket> recent(int minutes) {
        List<Bucket> out = new ArrayList<>();
        if (newestNanos == Long.MIN_VALUE) {
            return out;
        }
        long newest = Math.floorDiv(newestNanos, BUCKET_NANOS);
        int span = Math.min(BUCKETS, minutes * 6);
        for (Bucket b : buckets) {
            if (b.index > newest - span && b.index <= newest) {
                out.add(b);
            }
        }
        return out;
    }
}

package org.nsr.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private static final class Bucket {
        long index = Long.MIN_VALUE;
        final Map<Integer, long[]> talkers = new HashMap<>();
        final Map<Long, long[]> conversations = new HashMap<>();
        final Map<Integer, long[]> protocols = new HashMap<>();

        void reset(long idx) {
            index = idx;
            talkers.clear();
            conversations.clear();
            protocols.clear();
        }
    }

    private final int maxKeysPerBucket;
    private final Bucket[] buckets = new Bucket[BUCKETS];
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
            buckets[i] = new Bucket();
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
        b.protocols.computeIfAbsent(f.protocol(), k -> new long[2]);
        long[] p = b.protocols.get(f.protocol());
        p[0] += bytes;
        p[1]++;
        boolean counted = addBounded(b.talkers, f.srcIp(), bytes);
        long pair = ((long) f.srcIp() << 32) | (f.dstIp() & 0xFFFFFFFFL);
        counted &= addBounded(b.conversations, pair, bytes);
        if (!counted) {
            overflowFlows++;
        }
    }

    private <K> boolean addBounded(Map<K, long[]> m, K key, long bytes) {
        long[] v = m.get(key);
        if (v == null) {
            if (m.size() >= maxKeysPerBucket) {
                return false;
            }
            v = new long[2];
            m.put(key, v);
        }
        v[0] += bytes;
        v[1]++;
        return true;
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
        Map<Integer, long[]> sum = new HashMap<>();
        for (Bucket b : recent(minutes)) {
            b.talkers.forEach((k, v) -> add(sum, k, v));
        }
        return top(sum, n, k -> Ipv4.dotted(k));
    }

    /** Top {@code n} conversations (source → destination) over the last {@code minutes}. */
    public synchronized List<Top> topConversations(int minutes, int n) {
        Map<Long, long[]> sum = new HashMap<>();
        for (Bucket b : recent(minutes)) {
            b.conversations.forEach((k, v) -> add(sum, k, v));
        }
        return top(sum, n, k -> Ipv4.dotted((int) (k >>> 32)) + " → " + Ipv4.dotted((int) (long) k));
    }

    /** Bytes and flows by protocol name over the last {@code minutes}, biggest first. */
    public synchronized List<Top> protocolMix(int minutes) {
        Map<Integer, long[]> sum = new HashMap<>();
        for (Bucket b : recent(minutes)) {
            b.protocols.forEach((k, v) -> add(sum, k, v));
        }
        return top(sum, sum.size(), TrafficWindow::protocolName);
    }

    /** Bytes and flows of the whole second {@code epochSecond}, or zeros when none was seen. */
    public synchronized long[] second(long epochSecond) {
        int s = (int) Math.floorMod(epochSecond, SECONDS);
        return secondIndex[s] == epochSecond ? new long[] {secondBytes[s], secondFlows[s]} : new long[2];
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

    private static <K> void add(Map<K, long[]> sum, K k, long[] v) {
        long[] s = sum.computeIfAbsent(k, x -> new long[2]);
        s[0] += v[0];
        s[1] += v[1];
    }

    private static <K> List<Top> top(Map<K, long[]> sum, int n, java.util.function.Function<K, String> name) {
        List<Map.Entry<K, long[]>> all = new ArrayList<>(sum.entrySet());
        all.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        Map<String, Top> out = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(n, all.size()); i++) {
            var e = all.get(i);
            out.put(name.apply(e.getKey()), new Top(name.apply(e.getKey()), e.getValue()[0], e.getValue()[1]));
        }
        return List.copyOf(out.values());
    }
}

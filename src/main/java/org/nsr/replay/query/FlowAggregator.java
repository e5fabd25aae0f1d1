package org.nsr.replay.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.nsr.filter.Filter;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.IngestLine;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.replay.RecordView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates the records of a recording, one record at a time, through the codec's {@link FlowView}.
 *
 * <ul>
 *   <li>A generator flow line adds one flow, its {@code packet_count} and its {@code byte_count}
 *       to its group.</li>
 *   <li>An NDTwin flow snapshot ({@code "flowinfo"} array of a poll) adds one sample per listed
 *       flow: the rule is that the average of {@code estimated_flow_sending_rate_bps_in_the_last_sec}
 *       and {@code estimated_packet_rate_in_the_last_sec} is the arithmetic mean over the polls that
 *       listed the flow (a poll that does not list it adds nothing, not a zero), and the maximum is
 *       the largest value any poll gave. NDTwin's IPs are little-endian uint32 and are converted.</li>
 *   <li>Other records (graph snapshots, errors, other sources) are counted as not aggregated.</li>
 * </ul>
 *
 * <p>Groups live in primitive open-addressing tables ({@link GroupTable}, no boxing, no allocation
 * per flow). Past {@code maxGroups} groups a table spills its partial aggregates to disk and merges
 * them at the end ({@link SpillingTable}), so every answer is exact. Not thread-safe; parallel
 * readers each fill their own and {@link #mergeFrom} joins them. {@link #close} removes spill files.
 */
public final class FlowAggregator implements FlowVisitor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowAggregator.class);
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final GroupTable.Merge[] VOLUME_MERGES = {GroupTable.Merge.SUM, GroupTable.Merge.SUM,
        GroupTable.Merge.SUM, GroupTable.Merge.MIN, GroupTable.Merge.MAX};
    private static final int FLOWS = GroupTable.KEYS;
    private static final int PACKETS = GroupTable.KEYS + 1;
    private static final int BYTES = GroupTable.KEYS + 2;
    private static final int FIRST = GroupTable.KEYS + 3;
    private static final int LAST = GroupTable.KEYS + 4;
    private static final GroupTable.Merge[] RATE_MERGES = {GroupTable.Merge.SUM, GroupTable.Merge.DOUBLE_SUM,
        GroupTable.Merge.DOUBLE_MAX, GroupTable.Merge.DOUBLE_SUM, GroupTable.Merge.DOUBLE_MAX};
    private static final int SAMPLES = GroupTable.KEYS;
    private static final int SUM_BPS = GroupTable.KEYS + 1;
    private static final int MAX_BPS = GroupTable.KEYS + 2;
    private static final int SUM_PPS = GroupTable.KEYS + 3;
    private static final int MAX_PPS = GroupTable.KEYS + 4;

    private final Grouping grouping;
    private final FlowFilter filter;
    private final Filter expression;
    private final int maxGroups;
    private final Path spillDir;
    private final FlowView view = new FlowView();
    private SpillingTable volumes;
    private SpillingTable rates;
    private final IngestFlowTable ingest;

    private long recordsScanned;
    private long generatorFlows;
    private long snapshotFlows;
    private long filteredOut;
    private long notAggregated;
    private long badSnapshots;

    /** Summed generator volumes of one group. */
    public static final class Volume {
        public long flows;
        public long packets;
        public long bytes;
        /** Earliest and latest flow time of the group, epoch ns. */
        public long firstNanos;
        public long lastNanos;

        /** Bits per second over the group's span (latest minus earliest flow, in ms as nfdump has it); 0 for no span. */
        public double bps() {
            long ms = Math.floorDiv(lastNanos, 1_000_000L) - Math.floorDiv(firstNanos, 1_000_000L);
            return ms <= 0 ? 0 : bytes * 8.0 * 1000 / ms;
        }

        public double pps() {
            long ms = Math.floorDiv(lastNanos, 1_000_000L) - Math.floorDiv(firstNanos, 1_000_000L);
            return ms <= 0 ? 0 : packets * 1000.0 / ms;
        }
    }

    /** NDTwin rate samples of one group. */
    public static final class Rates {
        public long samples;
        public double sumBps;
        public double maxBps;
        public double sumPps;
        public double maxPps;

        public double avgBps() {
            return samples == 0 ? 0 : sumBps / samples;
        }

        public double avgPps() {
            return samples == 0 ? 0 : sumPps / samples;
        }
    }

    public FlowAggregator(Grouping grouping, FlowFilter filter, int maxGroups) {
        this(grouping, filter, Filter.ALL, maxGroups, null);
    }

    /**
     * @param expression {@code --filter}: a flow must match it and {@code filter}
     * @param maxGroups groups held in memory per table before it spills to disk
     * @param spillDir where spill files go (null: {@code java.io.tmpdir})
     */
    public FlowAggregator(Grouping grouping, FlowFilter filter, Filter expression, int maxGroups, Path spillDir) {
        this.grouping = grouping;
        this.filter = filter;
        this.expression = expression;
        this.maxGroups = maxGroups;
        this.spillDir = spillDir;
        this.volumes = new SpillingTable(VOLUME_MERGES, maxGroups, spillDir, "query generator volumes");
        this.rates = new SpillingTable(RATE_MERGES, maxGroups, spillDir, "query ndtwin rates");
        this.ingest = new IngestFlowTable(grouping, maxGroups);
    }

    /** An empty aggregator of the same query, for a parallel reader; join it back with {@link #mergeFrom}. */
    public FlowAggregator sibling() {
        return new FlowAggregator(grouping, filter, expression, maxGroups, spillDir);
    }

    /** The most groups the heap allows in memory per table: a third of it, at the table's fullest. */
    public static int maxGroupsForHeap(long maxHeapBytes) {
        return (int) Math.max(1024, Math.min(16_000_000L, maxHeapBytes / 3 / GroupTable.BYTES_PER_GROUP / 2));
    }

    public void accept(RecordView r) {
        recordsScanned++;
        if (IngestLine.isIngestLine(r.array(), r.offset(), r.offset() + r.length())) {
            acceptIngest(r);
            return;
        }
        int n = view.visit(r.array(), r.offset(), r.length(), r.timestampNanos(), this);
        if (n == FlowView.NO_FLOWS) {
            notAggregated++;
        } else if (n == FlowView.MALFORMED) {
            badSnapshots++;
            LOG.warn("{} record at {} ns: its flow array cannot be read; the rest of the snapshot is skipped",
                    r.source(), r.timestampNanos());
        }
    }

    /** Records read from a column sidecar rather than as lines: each held exactly one flow, given to {@link #flow}. */
    public void countRecords(long n) {
        recordsScanned += n;
    }

    /** Ingest lines carry named flows with tx and rx: summed apart, as GET /flows sums them. */
    private void acceptIngest(RecordView r) {
        int n = IngestLine.visitEntries(r.array(), r.offset(), r.length(), (s, d, v, tx, rx, hour) -> {
            if (filter.matches(0, 0, Flow.UNKNOWN, Flow.UNKNOWN, Flow.UNKNOWN)) {
                ingest.add(s, d, v, tx, rx, hour);
            } else {
                filteredOut++; // the address and port filters cannot match flows without addresses
            }
        });
        if (n < 0) {
            badSnapshots++;
            LOG.warn("{} record at {} ns: its ingest entries cannot be read; the rest of the line is skipped",
                    r.source(), r.timestampNanos());
        }
    }

    /** Sums of ingest records per hour and (src_app, dest_app, vpc_id). */
    public IngestFlowTable ingest() {
        return ingest;
    }

    /** One flow of the current record, from the codec's flow view. */
    @Override
    public void flow(Flow f) {
        flow(f.timeNanos(), f.srcIp(), f.dstIp(), f.srcPort(), f.dstPort(), f.protocol(), f.packets(), f.bytes(),
                f.bitsPerSecond(), f.packetsPerSecond());
    }

    /** One flow as primitives (the column sidecar's path); {@link Flow#UNKNOWN} and NaN for what is absent. */
    public void flow(long timeNanos, int srcIp, int dstIp, int srcPort, int dstPort, int protocol, long packets,
            long bytes, double bps, double pps) {
        if (!filter.matches(srcIp, dstIp, srcPort, dstPort, protocol)
                || !expression.matches(srcIp, dstIp, srcPort, dstPort, protocol, packets, bytes)) {
            filteredOut++;
            return;
        }
        boolean counters = bytes != Flow.UNKNOWN && packets != Flow.UNKNOWN;
        if (counters) {
            generatorFlows++; // a flow with counters (a generator flow): summed
        } else {
            snapshotFlows++; // rates and no counters (NDTwin's): one sample per poll that listed the flow
        }
        SpillingTable table = counters ? volumes : rates;
        long hour = grouping.byHour() ? Math.floorDiv(timeNanos, NANOS_PER_HOUR) : GroupKey.ALL;
        int proto = grouping.byProtocol() ? protocol : GroupKey.ALL;
        if (!grouping.byEitherEnd()) {
            int at = table.entry(GroupKey.packEnds(grouping.bySrc() ? srcIp : 0, grouping.byDst() ? dstIp : 0), hour,
                    GroupKey.tag(grouping.bySrcPort() ? srcPort : GroupKey.ALL,
                            grouping.byDstPort() ? dstPort : GroupKey.ALL, proto));
            add(table, at, counters, timeNanos, packets, bytes, bps, pps);
            return;
        }
        for (int end = 0; end < 2; end++) {
            int ip = grouping.eitherIp() ? (end == 0 ? srcIp : dstIp) : 0;
            int port = grouping.eitherPort() ? (end == 0 ? srcPort : dstPort) : GroupKey.ALL;
            int at = table.entry(GroupKey.packEnds(ip, 0), hour, GroupKey.tag(port, GroupKey.ALL, proto));
            add(table, at, counters, timeNanos, packets, bytes, bps, pps);
        }
    }

    private static void add(SpillingTable table, int at, boolean counters, long timeNanos, long packets, long bytes,
            double bps, double pps) {
        long[] d = table.data();
        if (counters) {
            d[at + FLOWS]++;
            d[at + PACKETS] += packets;
            d[at + BYTES] += bytes;
            d[at + FIRST] = Math.min(d[at + FIRST], timeNanos);
            d[at + LAST] = Math.max(d[at + LAST], timeNanos);
            return;
        }
        d[at + SAMPLES]++;
        if (!Double.isNaN(bps)) {
            d[at + SUM_BPS] = Double.doubleToRawLongBits(Double.longBitsToDouble(d[at + SUM_BPS]) + bps);
            d[at + MAX_BPS] = Double.doubleToRawLongBits(Math.max(Double.longBitsToDouble(d[at + MAX_BPS]), bps));
        }
        if (!Double.isNaN(pps)) {
            d[at + SUM_PPS] = Double.doubleToRawLongBits(Double.longBitsToDouble(d[at + SUM_PPS]) + pps);
            d[at + MAX_PPS] = Double.doubleToRawLongBits(Math.max(Double.longBitsToDouble(d[at + MAX_PPS]), pps));
        }
    }

    /** An entry of an NDTwin flow array without both IPs. */
    @Override
    public void notAFlow() {
        badSnapshots++;
    }

    /** Adds what a sibling aggregated (its groups and counts); the sibling is spent afterwards. */
    public void mergeFrom(FlowAggregator other) {
        recordsScanned += other.recordsScanned;
        generatorFlows += other.generatorFlows;
        snapshotFlows += other.snapshotFlows;
        filteredOut += other.filteredOut;
        notAggregated += other.notAggregated;
        badSnapshots += other.badSnapshots;
        // An empty table takes the sibling's instead of copying it: one table less at the peak of memory
        if (volumes.isEmpty()) {
            SpillingTable mine = volumes;
            volumes = other.volumes;
            other.volumes = mine;
        } else {
            other.volumes.forEachGroup(volumes::merge);
        }
        if (rates.isEmpty()) {
            SpillingTable mine = rates;
            rates = other.rates;
            other.rates = mine;
        } else {
            other.rates.forEachGroup(rates::merge);
        }
        if (!other.ingest.isEmpty()) {
            throw new IllegalStateException("ingest records are aggregated by one reader only");
        }
    }

    private static Volume volume(long[] d, int at) {
        Volume v = new Volume();
        v.flows = d[at + FLOWS];
        v.packets = d[at + PACKETS];
        v.bytes = d[at + BYTES];
        v.firstNanos = d[at + FIRST];
        v.lastNanos = d[at + LAST];
        return v;
    }

    private static Rates rate(long[] d, int at) {
        Rates r = new Rates();
        r.samples = d[at + SAMPLES];
        r.sumBps = Double.longBitsToDouble(d[at + SUM_BPS]);
        r.maxBps = Math.max(0, Double.longBitsToDouble(d[at + MAX_BPS]));
        r.sumPps = Double.longBitsToDouble(d[at + SUM_PPS]);
        r.maxPps = Math.max(0, Double.longBitsToDouble(d[at + MAX_PPS]));
        return r;
    }

    /** The top groups and how many there were; see {@link #topVolumes} and {@link #topRates}. */
    public record Top<T>(List<Map.Entry<GroupKey, T>> entries, long groups) {
    }

    /**
     * The first {@code n} (0: all) generator groups by {@code score} descending, ties by key: one pass
     * over every group (merging spills), a bounded heap, objects only for candidates. Call once the scan is done.
     */
    public Top<Volume> topVolumes(int n, java.util.function.ToDoubleFunction<Volume> score) {
        return top(volumes, n, score, FlowAggregator::volume);
    }

    public Top<Rates> topRates(int n, java.util.function.ToDoubleFunction<Rates> score) {
        return top(rates, n, score, FlowAggregator::rate);
    }

    private interface Decoder<T> {
        T decode(long[] d, int at);
    }

    /** Ties in the ranking are broken by hour, then addresses, ports and protocol, so output is stable. */
    static final Comparator<GroupKey> KEY_ORDER = Comparator.comparingLong(GroupKey::hour)
            .thenComparingInt(GroupKey::src).thenComparingInt(GroupKey::dst).thenComparingInt(GroupKey::srcPort)
            .thenComparingInt(GroupKey::dstPort).thenComparingInt(GroupKey::protocol);

    private static <T> Top<T> top(SpillingTable table, int n, java.util.function.ToDoubleFunction<T> score,
            Decoder<T> decoder) {
        Comparator<Map.Entry<GroupKey, T>> best = Comparator.<Map.Entry<GroupKey, T>>comparingDouble(
                e -> -score.applyAsDouble(e.getValue())).thenComparing(Map.Entry::getKey, KEY_ORDER);
        PriorityQueue<Map.Entry<GroupKey, T>> worstFirst = new PriorityQueue<>(best.reversed());
        long[] groups = {0};
        table.forEachGroup((d, at) -> {
            groups[0]++;
            T value = decoder.decode(d, at);
            if (n > 0 && worstFirst.size() == n) {
                double s = score.applyAsDouble(value);
                double worst = score.applyAsDouble(worstFirst.peek().getValue());
                if (s < worst) {
                    return;
                }
            }
            worstFirst.add(Map.entry(GroupKey.of(d, at), value));
            if (n > 0 && worstFirst.size() > n) {
                worstFirst.poll();
            }
        });
        List<Map.Entry<GroupKey, T>> list = new ArrayList<>(worstFirst);
        list.sort(best);
        return new Top<>(list, groups[0]);
    }

    /** Every generator group as a map (for tests and small answers); merges spills, so call it once. */
    public Map<GroupKey, Volume> volumes() {
        Map<GroupKey, Volume> map = new HashMap<>();
        volumes.forEachGroup((d, at) -> map.put(GroupKey.of(d, at), volume(d, at)));
        return map;
    }

    public Map<GroupKey, Rates> rates() {
        Map<GroupKey, Rates> map = new HashMap<>();
        rates.forEachGroup((d, at) -> map.put(GroupKey.of(d, at), rate(d, at)));
        return map;
    }

    public long recordsScanned() {
        return recordsScanned;
    }

    public long generatorFlows() {
        return generatorFlows;
    }

    public long snapshotFlows() {
        return snapshotFlows;
    }

    public long filteredOut() {
        return filteredOut;
    }

    public long notAggregated() {
        return notAggregated;
    }

    /** Times a table spilled its groups to disk (the answer stays exact). */
    public long spills() {
        return volumes.spills() + rates.spills();
    }

    /** Partial aggregates written to spill files. */
    public long spilledGroups() {
        return volumes.spilledEntries() + rates.spilledEntries();
    }

    public long badSnapshots() {
        return badSnapshots;
    }

    public Grouping grouping() {
        return grouping;
    }

    @Override
    public void close() {
        volumes.close();
        rates.close();
    }
}

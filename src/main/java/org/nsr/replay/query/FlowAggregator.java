package org.nsr.replay.query;

import java.util.HashMap;
import java.util.Map;
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
 * <p>Groups are bounded by {@code maxGroups}: once full, flows of new groups go to one overflow
 * group, which is counted and reported. Not thread-safe.
 */
public final class FlowAggregator implements FlowVisitor {
    private static final Logger LOG = LoggerFactory.getLogger(FlowAggregator.class);

    private final Grouping grouping;
    private final FlowFilter filter;
    private final int maxGroups;
    private final FlowView view = new FlowView();
    private final VolumeTable volumes = new VolumeTable();
    /** The last map built by {@link #volumes()}; rebuilt when groups changed since. */
    private Map<GroupKey, Volume> volumeMap;
    private final Map<GroupKey, Rates> rates = new HashMap<>();
    private final IngestFlowTable ingest;

    private long recordsScanned;
    private long generatorFlows;
    private long snapshotFlows;
    private long filteredOut;
    private long notAggregated;
    private long overflowed;
    private long badSnapshots;

    /** Summed generator volumes of one group. */
    public static final class Volume {
        public long flows;
        public long packets;
        public long bytes;
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
        this.grouping = grouping;
        this.filter = filter;
        this.maxGroups = maxGroups;
        this.ingest = new IngestFlowTable(grouping, maxGroups);
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
        if (!filter.matches(f.srcIp(), f.dstIp(), f.srcPort(), f.dstPort(), f.protocol())) {
            filteredOut++;
            return;
        }
        if (f.bytes() != Flow.UNKNOWN && f.packets() != Flow.UNKNOWN) {
            addVolume(f); // a flow with counters (a generator flow): summed
        } else {
            addRates(f);
        }
    }

    /** An entry of an NDTwin flow array without both IPs. */
    @Override
    public void notAFlow() {
        badSnapshots++;
    }

    private void addVolume(Flow f) {
        generatorFlows++;
        long hour = grouping.byHour() ? Math.floorDiv(f.timeNanos(), 3_600_000_000_000L) : GroupKey.ALL;
        int src = grouping.byFlow() ? f.srcIp() : 0;
        int dst = grouping.byFlow() ? f.dstIp() : 0;
        int proto = grouping.byProtocol() ? f.protocol() : GroupKey.ALL;
        int entry = volumes.find(hour, src, dst, proto);
        if (entry < 0) {
            if (groupsFull()) {
                GroupKey o = GroupKey.OVERFLOW;
                entry = volumes.find(o.hour(), o.src(), o.dst(), o.protocol());
                if (entry < 0) {
                    entry = volumes.insert(o.hour(), o.src(), o.dst(), o.protocol(), entry);
                }
            } else {
                entry = volumes.insert(hour, src, dst, proto, entry);
            }
        }
        volumes.add(entry, f.packets(), f.bytes());
        volumeMap = null;
    }

    /** A flow with rates and no counters (NDTwin's): one sample per poll that listed the flow. */
    private void addRates(Flow f) {
        snapshotFlows++;
        GroupKey key = grouping.key(f.timeNanos(), f.srcIp(), f.dstIp(), f.protocol());
        Rates g = rates.get(key);
        if (g == null) {
            g = rates.computeIfAbsent(groupsFull() ? GroupKey.OVERFLOW : key, k -> new Rates());
        }
        g.samples++;
        double bps = f.bitsPerSecond();
        double pps = f.packetsPerSecond();
        if (!Double.isNaN(bps)) {
            g.sumBps += bps;
            g.maxBps = Math.max(g.maxBps, bps);
        }
        if (!Double.isNaN(pps)) {
            g.sumPps += pps;
            g.maxPps = Math.max(g.maxPps, pps);
        }
    }

    /** True (and counted, and warned about once) when a new group would pass {@code maxGroups}. */
    private boolean groupsFull() {
        if (volumes.size() + rates.size() < maxGroups) {
            return false;
        }
        overflowed++;
        if (overflowed == 1) {
            LOG.warn("more than {} groups; further new groups are summed into one overflow group", maxGroups);
        }
        return true;
    }

    /** Generator volumes per group; builds a map, so call it once the scan is done. */
    public Map<GroupKey, Volume> volumes() {
        if (volumeMap == null) {
            volumeMap = volumes.toMap();
        }
        return volumeMap;
    }

    public Map<GroupKey, Rates> rates() {
        return rates;
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

    public long overflowed() {
        return overflowed;
    }

    public long badSnapshots() {
        return badSnapshots;
    }

    public Grouping grouping() {
        return grouping;
    }
}

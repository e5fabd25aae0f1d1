package org.nsr.replay.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.nsr.replay.JsonScan;
import org.nsr.replay.RecordView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates the records of a recording, one record at a time.
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
public final class FlowAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(FlowAggregator.class);
    private static final byte[] FLOWINFO = JsonScan.key("flowinfo");
    private static final byte[] FLOW_INFO = JsonScan.key("flow_info");

    private final Grouping grouping;
    private final FlowFilter filter;
    private final int maxGroups;
    private final JsonFactory json = new JsonFactory();
    private final GeneratorFlow flow = new GeneratorFlow();
    private final VolumeTable volumes = new VolumeTable();
    /** The last map built by {@link #volumes()}; rebuilt when groups changed since. */
    private Map<GroupKey, Volume> volumeMap;
    private final Map<GroupKey, Rates> rates = new HashMap<>();

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
    }

    public void accept(RecordView r) {
        recordsScanned++;
        byte[] b = r.array();
        int off = r.offset();
        int len = r.length();
        if (flow.read(b, off, len)) {
            if (!filter.matches(flow.src, flow.dst, flow.srcPort, flow.dstPort, flow.protocol)) {
                filteredOut++;
                return;
            }
            generatorFlows++;
            long hour = grouping.byHour() ? Math.floorDiv(r.timestampNanos(), 3_600_000_000_000L) : GroupKey.ALL;
            int src = grouping.byFlow() ? flow.src : 0;
            int dst = grouping.byFlow() ? flow.dst : 0;
            int proto = grouping.byProtocol() ? flow.protocol : GroupKey.ALL;
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
            volumes.add(entry, flow.packets, flow.bytes);
            volumeMap = null;
            return;
        }
        int end = off + len;
        int arr = JsonScan.valueStart(b, off, end, FLOWINFO);
        if (arr < 0) {
            arr = JsonScan.valueStart(b, off, end, FLOW_INFO);
        }
        if (arr >= 0 && b[arr] == '[') {
            int arrEnd = JsonScan.valueEnd(b, arr, end);
            if (arrEnd > 0) {
                snapshot(r, b, arr, arrEnd - arr);
                return;
            }
        }
        notAggregated++;
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

    private void snapshot(RecordView r, byte[] b, int off, int len) {
        try (JsonParser p = json.createParser(b, off, len)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                badSnapshots++;
                return;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                long src = -1;
                long dst = -1;
                int sport = -1;
                int dport = -1;
                int proto = -1;
                double bps = Double.NaN;
                double pps = Double.NaN;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    if (!t.isNumeric()) {
                        continue;
                    }
                    switch (name) {
                        case "src_ip" -> src = p.getLongValue();
                        case "dst_ip" -> dst = p.getLongValue();
                        case "src_port" -> sport = p.getIntValue();
                        case "dst_port" -> dport = p.getIntValue();
                        case "protocol_id" -> proto = p.getIntValue();
                        case "estimated_flow_sending_rate_bps_in_the_last_sec" -> bps = p.getDoubleValue();
                        case "estimated_packet_rate_in_the_last_sec" -> pps = p.getDoubleValue();
                        default -> { }
                    }
                }
                if (src < 0 || dst < 0) {
                    badSnapshots++;
                    continue;
                }
                int s = Ipv4.fromNdtwin(src);
                int d = Ipv4.fromNdtwin(dst);
                if (!filter.matches(s, d, sport, dport, proto)) {
                    filteredOut++;
                    continue;
                }
                snapshotFlows++;
                GroupKey key = grouping.key(r.timestampNanos(), s, d, proto);
                Rates g = rates.get(key);
                if (g == null) {
                    g = rates.computeIfAbsent(groupsFull() ? GroupKey.OVERFLOW : key, k -> new Rates());
                }
                g.samples++;
                if (!Double.isNaN(bps)) {
                    g.sumBps += bps;
                    g.maxBps = Math.max(g.maxBps, bps);
                }
                if (!Double.isNaN(pps)) {
                    g.sumPps += pps;
                    g.maxPps = Math.max(g.maxPps, pps);
                }
            }
        } catch (IOException e) {
            badSnapshots++;
            LOG.warn("{} record at {} ns: flow array is not valid JSON ({}); rest of the snapshot skipped",
                    r.source(), r.timestampNanos(), e.getMessage());
        }
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

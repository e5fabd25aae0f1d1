package org.nsr.replay.query;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nsr.config.ConfigException;
import org.nsr.record.codec.Ipv4;

/**
 * Prints a {@link FlowAggregator}'s groups, the top N first, as text, CSV or JSON, with how many
 * files and records were scanned. Generator volumes and NDTwin rates are separate tables;
 * {@code --top-by bytes|packets|flows} ranks volumes by bytes, packets or flow count and rates by
 * average bit rate, average packet rate or sample count. Hours are UTC hour starts.
 */
public final class QueryReport {

    /** What the top N are ranked by. */
    public enum TopBy {
        BYTES, PACKETS, FLOWS;

        public static TopBy parse(String text) throws ConfigException {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--top-by: '" + text + "' is not a ranking; expected bytes, packets or flows");
            }
        }
    }

    /** The output formats. */
    public enum Format {
        TEXT, CSV, JSON;

        public static Format parse(String text) throws ConfigException {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--format: '" + text + "' is not an output format; expected text, csv or json");
            }
        }
    }

    private final FlowAggregator agg;
    private final long filesScanned;
    private final int top;
    private final TopBy topBy;

    /** @param top how many groups of each table to print; 0 for all */
    public QueryReport(FlowAggregator agg, long filesScanned, int top, TopBy topBy) {
        this.agg = agg;
        this.filesScanned = filesScanned;
        this.top = top;
        this.topBy = topBy;
    }

    public List<Map.Entry<GroupKey, FlowAggregator.Volume>> topVolumes() {
        Comparator<Map.Entry<GroupKey, FlowAggregator.Volume>> c = switch (topBy) {
            case BYTES -> Comparator.comparingLong(e -> e.getValue().bytes);
            case PACKETS -> Comparator.comparingLong(e -> e.getValue().packets);
            case FLOWS -> Comparator.comparingLong(e -> e.getValue().flows);
        };
        return limit(agg.volumes(), c.reversed().thenComparing(Map.Entry::getKey, KEY_ORDER));
    }

    public List<Map.Entry<GroupKey, FlowAggregator.Rates>> topRates() {
        Comparator<Map.Entry<GroupKey, FlowAggregator.Rates>> c = switch (topBy) {
            case BYTES -> Comparator.comparingDouble(e -> e.getValue().avgBps());
            case PACKETS -> Comparator.comparingDouble(e -> e.getValue().avgPps());
            case FLOWS -> Comparator.comparingLong(e -> e.getValue().samples);
        };
        return limit(agg.rates(), c.reversed().thenComparing(Map.Entry::getKey, KEY_ORDER));
    }

    /** Ties in the ranking are broken by hour, then addresses, then protocol, so output is stable. */
    private static final Comparator<GroupKey> KEY_ORDER = Comparator.comparingLong(GroupKey::hour)
            .thenComparingInt(GroupKey::src).thenComparingInt(GroupKey::dst).thenComparingInt(GroupKey::protocol);

    /** The first {@code top} entries in {@code order}: a bounded heap, not a sort of every group. */
    private <T> List<Map.Entry<GroupKey, T>> limit(Map<GroupKey, T> map, Comparator<Map.Entry<GroupKey, T>> order) {
        if (top == 0 || map.size() <= top) {
            List<Map.Entry<GroupKey, T>> list = new ArrayList<>(map.entrySet());
            list.sort(order);
            return list;
        }
        java.util.PriorityQueue<Map.Entry<GroupKey, T>> worstFirst = new java.util.PriorityQueue<>(top + 1, order.reversed());
        for (Map.Entry<GroupKey, T> e : map.entrySet()) {
            worstFirst.add(e);
            if (worstFirst.size() > top) {
                worstFirst.poll();
            }
        }
        List<Map.Entry<GroupKey, T>> list = new ArrayList<>(worstFirst);
        list.sort(order);
        return list;
    }

    /** The scan counts, for the footer (text), stderr (CSV) or the JSON object. */
    public String scanSummary() {
        return "files scanned: " + filesScanned + ", records scanned: " + agg.recordsScanned()
                + ", generator flows aggregated: " + agg.generatorFlows()
                + ", snapshot flow samples aggregated: " + agg.snapshotFlows()
                + ", filtered out: " + agg.filteredOut() + ", records not aggregated: " + agg.notAggregated()
                + (agg.badSnapshots() > 0 ? ", malformed snapshot entries: " + agg.badSnapshots() : "")
                + (agg.overflowed() > 0 ? ", flows in the overflow group: " + agg.overflowed() : "")
                + (agg.ingest().records() > 0 ? ", ingest records aggregated: " + agg.ingest().records() : "")
                + (agg.ingest().overflowed() > 0 ? ", ingest records past --max-groups: " + agg.ingest().overflowed() : "");
    }

    public void print(Format format, PrintStream out, PrintStream err) {
        switch (format) {
            case TEXT -> text(out);
            case CSV -> {
                csv(out);
                err.println("nsr query: " + scanSummary());
            }
            case JSON -> json(out);
            default -> throw new IllegalStateException();
        }
        out.flush();
    }

    private String hour(GroupKey k) {
        if (k.isOverflow()) {
            return "(other)";
        }
        return k.hour() == GroupKey.ALL ? "" : Instant.ofEpochSecond(k.hour() * 3600).toString();
    }

    private String ends(GroupKey k, boolean src) {
        if (k.isOverflow() || !agg.grouping().byFlow()) {
            return "";
        }
        return Ipv4.dotted(src ? k.src() : k.dst());
    }

    private static String proto(GroupKey k) {
        return k.protocol() == GroupKey.ALL || k.isOverflow() ? "" : Integer.toString(k.protocol());
    }

    /**
     * The text table's key columns: only those the grouping has ({@code --by flow} shows no hour and
     * no protocol). The overflow group is labelled "(other)" in the first key column.
     */
    private String keyHeader() {
        StringBuilder sb = new StringBuilder();
        Grouping g = agg.grouping();
        if (g.byHour()) {
            sb.append(String.format("%-20s ", "hour"));
        }
        if (g.byFlow()) {
            sb.append(String.format("%-15s %-15s ", "src", "dst"));
        }
        if (g.byProtocol()) {
            sb.append(String.format("%5s ", "proto"));
        }
        return sb.toString();
    }

    private String keyCells(GroupKey k) {
        StringBuilder sb = new StringBuilder();
        Grouping g = agg.grouping();
        boolean other = k.isOverflow();
        if (g.byHour()) {
            sb.append(String.format("%-20s ", hour(k)));
        }
        if (g.byFlow()) {
            sb.append(String.format("%-15s %-15s ", other && !g.byHour() ? "(other)" : ends(k, true), ends(k, false)));
        }
        if (g.byProtocol()) {
            sb.append(String.format("%5s ", proto(k)));
        }
        return sb.toString();
    }

    private void text(PrintStream out) {
        List<Map.Entry<GroupKey, FlowAggregator.Volume>> vols = topVolumes();
        if (!vols.isEmpty()) {
            out.printf("generator flows (top %s by %s of %d groups)%n", top == 0 ? "all" : top,
                    topBy.name().toLowerCase(Locale.ROOT), agg.volumes().size());
            out.printf("%s%12s %14s %18s%n", keyHeader(), "flows", "packets", "bytes");
            for (Map.Entry<GroupKey, FlowAggregator.Volume> e : vols) {
                out.printf("%s%12d %14d %18d%n", keyCells(e.getKey()), e.getValue().flows, e.getValue().packets,
                        e.getValue().bytes);
            }
        }
        List<Map.Entry<GroupKey, FlowAggregator.Rates>> rs = topRates();
        if (!rs.isEmpty()) {
            out.printf("ndtwin flow rates (mean and max over the polls that listed the flow; top %s by %s of %d groups)%n",
                    top == 0 ? "all" : top, topBy.name().toLowerCase(Locale.ROOT), agg.rates().size());
            out.printf("%s%8s %16s %16s %12s %12s%n", keyHeader(), "samples", "avg_bps", "max_bps", "avg_pps",
                    "max_pps");
            for (Map.Entry<GroupKey, FlowAggregator.Rates> e : rs) {
                FlowAggregator.Rates r = e.getValue();
                out.printf(Locale.ROOT, "%s%8d %16.1f %16.1f %12.1f %12.1f%n", keyCells(e.getKey()), r.samples,
                        r.avgBps(), r.maxBps, r.avgPps(), r.maxPps);
            }
        }
        IngestFlowTable ingest = agg.ingest();
        if (!ingest.isEmpty()) {
            out.printf("ingest flows (bytes_tx and bytes_rx summed as GET /flows sums them; %d records, all %d groups, "
                    + "in hour, src_app, dest_app, vpc_id order)%n", ingest.records(), ingest.rows().size());
            out.printf("%-20s %-20s %-20s %-20s %18s %18s%n", "hour", "src_app", "dest_app", "vpc_id", "bytes_tx",
                    "bytes_rx");
            for (Map.Entry<IngestFlowTable.Key, long[]> e : ingest.rows()) {
                IngestFlowTable.Key k = e.getKey();
                out.printf("%-20s %-20s %-20s %-20s %18d %18d%n", ingestHour(k), k.srcApp(), k.destApp(), k.vpcId(),
                        e.getValue()[0], e.getValue()[1]);
            }
        }
        if (vols.isEmpty() && rs.isEmpty() && ingest.isEmpty()) {
            out.println("no flows matched");
        }
        out.println(scanSummary());
    }

    private void csv(PrintStream out) {
        out.println("kind,hour,src,dst,proto,flows,packets,bytes,samples,avg_bps,max_bps,avg_pps,max_pps");
        for (Map.Entry<GroupKey, FlowAggregator.Volume> e : topVolumes()) {
            GroupKey k = e.getKey();
            out.println("generator," + hour(k) + "," + ends(k, true) + "," + ends(k, false) + "," + proto(k) + ","
                    + e.getValue().flows + "," + e.getValue().packets + "," + e.getValue().bytes + ",,,,,");
        }
        for (Map.Entry<GroupKey, FlowAggregator.Rates> e : topRates()) {
            GroupKey k = e.getKey();
            FlowAggregator.Rates r = e.getValue();
            out.println("ndtwin," + hour(k) + "," + ends(k, true) + "," + ends(k, false) + "," + proto(k) + ",,,,"
                    + r.samples + "," + num(r.avgBps()) + "," + num(r.maxBps) + "," + num(r.avgPps()) + "," + num(r.maxPps));
        }
    }

    private void json(PrintStream out) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"files_scanned\":").append(filesScanned)
                .append(",\"records_scanned\":").append(agg.recordsScanned())
                .append(",\"generator_flows_aggregated\":").append(agg.generatorFlows())
                .append(",\"snapshot_flow_samples_aggregated\":").append(agg.snapshotFlows())
                .append(",\"filtered_out\":").append(agg.filteredOut())
                .append(",\"records_not_aggregated\":").append(agg.notAggregated())
                .append(",\"malformed_snapshot_entries\":").append(agg.badSnapshots())
                .append(",\"overflowed_flows\":").append(agg.overflowed())
                .append(",\"generator\":[");
        boolean first = true;
        for (Map.Entry<GroupKey, FlowAggregator.Volume> e : topVolumes()) {
            sb.append(first ? "" : ",");
            first = false;
            keyFields(sb, e.getKey());
            sb.append("\"flows\":").append(e.getValue().flows).append(",\"packets\":").append(e.getValue().packets)
                    .append(",\"bytes\":").append(e.getValue().bytes).append('}');
        }
        sb.append("],\"ndtwin_rates\":[");
        first = true;
        for (Map.Entry<GroupKey, FlowAggregator.Rates> e : topRates()) {
            sb.append(first ? "" : ",");
            first = false;
            keyFields(sb, e.getKey());
            FlowAggregator.Rates r = e.getValue();
            sb.append("\"samples\":").append(r.samples).append(",\"avg_bps\":").append(num(r.avgBps()))
                    .append(",\"max_bps\":").append(num(r.maxBps)).append(",\"avg_pps\":").append(num(r.avgPps()))
                    .append(",\"max_pps\":").append(num(r.maxPps)).append('}');
        }
        sb.append("],\"ingest\":[");
        first = true;
        for (Map.Entry<IngestFlowTable.Key, long[]> e : agg.ingest().rows()) {
            IngestFlowTable.Key k = e.getKey();
            sb.append(first ? "{" : ",{");
            first = false;
            if (k.hourStartMillis() != GroupKey.ALL) {
                sb.append("\"hour\":\"").append(ingestHour(k)).append("\",");
            }
            if (agg.grouping().byFlow()) {
                sb.append("\"src_app\":").append(quote(k.srcApp())).append(",\"dest_app\":").append(quote(k.destApp()))
                        .append(",\"vpc_id\":").append(quote(k.vpcId())).append(',');
            }
            sb.append("\"bytes_tx\":").append(e.getValue()[0]).append(",\"bytes_rx\":").append(e.getValue()[1])
                    .append('}');
        }
        sb.append("]}");
        out.println(sb);
    }

    private void keyFields(StringBuilder sb, GroupKey k) {
        sb.append('{');
        if (k.isOverflow()) {
            sb.append("\"overflow\":true,");
            return;
        }
        if (k.hour() != GroupKey.ALL) {
            sb.append("\"hour\":\"").append(hour(k)).append("\",");
        }
        if (agg.grouping().byFlow()) {
            sb.append("\"src\":\"").append(ends(k, true)).append("\",\"dst\":\"").append(ends(k, false)).append("\",");
        }
        if (k.protocol() != GroupKey.ALL) {
            sb.append("\"proto\":").append(k.protocol()).append(',');
        }
    }

    private static String ingestHour(IngestFlowTable.Key k) {
        return k.hourStartMillis() == GroupKey.ALL ? "" : Instant.ofEpochMilli(k.hourStartMillis()).toString();
    }

    private static String quote(String s) {
        return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)).transform(
                q -> "\"" + q + "\"");
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

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

    /**
     * What the top N are ranked by, as nfdump's {@code -s …/bytes} orders: volumes by bytes, packets,
     * flows, or bits and packets per second over the group's span; NDTwin rates by average bit rate
     * (bytes, bps), average packet rate (packets, pps) or sample count (flows).
     */
    public enum TopBy {
        BYTES, PACKETS, FLOWS, BPS, PPS;

        public static TopBy parse(String text) throws ConfigException {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--top-by: '" + text + "' is not a ranking; expected bytes, packets, flows, "
                        + "bps or pps");
            }
        }

        double volumeScore(FlowAggregator.Volume v) {
            return switch (this) {
                case BYTES -> v.bytes;
                case PACKETS -> v.packets;
                case FLOWS -> v.flows;
                case BPS -> v.bps();
                case PPS -> v.pps();
            };
        }

        double rateScore(FlowAggregator.Rates r) {
            return switch (this) {
                case BYTES, BPS -> r.avgBps();
                case PACKETS, PPS -> r.avgPps();
                case FLOWS -> r.samples;
            };
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

    private FlowAggregator.Top<FlowAggregator.Volume> volumeTop;
    private FlowAggregator.Top<FlowAggregator.Rates> rateTop;

    /** The top generator groups (computed once: with spills, one merge pass). */
    public FlowAggregator.Top<FlowAggregator.Volume> volumeTop() {
        if (volumeTop == null) {
            volumeTop = agg.topVolumes(top, topBy::volumeScore);
        }
        return volumeTop;
    }

    public FlowAggregator.Top<FlowAggregator.Rates> rateTop() {
        if (rateTop == null) {
            rateTop = agg.topRates(top, topBy::rateScore);
        }
        return rateTop;
    }

    public List<Map.Entry<GroupKey, FlowAggregator.Volume>> topVolumes() {
        return volumeTop().entries();
    }

    public List<Map.Entry<GroupKey, FlowAggregator.Rates>> topRates() {
        return rateTop().entries();
    }

    /** The scan counts, for the footer (text), stderr (CSV) or the JSON object. */
    public String scanSummary() {
        return "files scanned: " + filesScanned + ", records scanned: " + agg.recordsScanned()
                + ", generator flows aggregated: " + agg.generatorFlows()
                + ", snapshot flow samples aggregated: " + agg.snapshotFlows()
                + ", filtered out: " + agg.filteredOut() + ", records not aggregated: " + agg.notAggregated()
                + (agg.badSnapshots() > 0 ? ", malformed snapshot entries: " + agg.badSnapshots() : "")
                + (agg.spills() > 0 ? ", groups spilled to disk: " + agg.spilledGroups() + " in " + agg.spills()
                        + " spills (merged; the answer is exact)" : "")
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

    private static String hour(GroupKey k) {
        return k.hour() == GroupKey.ALL ? "" : Instant.ofEpochSecond(k.hour() * 3600).toString();
    }

    private static String port(int p) {
        return p == GroupKey.ALL ? "" : Integer.toString(p);
    }

    /** A key column's cell: {@code column} is one of {@link Grouping#columns()}. */
    private static String cell(GroupKey k, String column) {
        return switch (column) {
            case "hour" -> hour(k);
            case "ip", "src" -> Ipv4.dotted(k.src());
            case "dst" -> Ipv4.dotted(k.dst());
            case "port", "src_port" -> port(k.srcPort());
            case "dst_port" -> port(k.dstPort());
            case "proto" -> port(k.protocol());
            default -> throw new IllegalArgumentException(column);
        };
    }

    private static String width(String column) {
        return switch (column) {
            case "hour" -> "%-20s ";
            case "ip", "src", "dst" -> "%-15s ";
            default -> "%8s ";
        };
    }

    /** The text table's key columns: only those the grouping has ({@code --by flow} shows no hour and no protocol). */
    private String keyHeader() {
        StringBuilder sb = new StringBuilder();
        for (String c : agg.grouping().columns()) {
            sb.append(String.format(width(c), c));
        }
        return sb.toString();
    }

    private String keyCells(GroupKey k) {
        StringBuilder sb = new StringBuilder();
        for (String c : agg.grouping().columns()) {
            sb.append(String.format(width(c), cell(k, c)));
        }
        return sb.toString();
    }

    /** A CSV or JSON key field: empty when the grouping lacks the column. */
    private String field(GroupKey k, String column) {
        return agg.grouping().columns().contains(column) ? cell(k, column) : "";
    }

    private void text(PrintStream out) {
        List<Map.Entry<GroupKey, FlowAggregator.Volume>> vols = topVolumes();
        if (!vols.isEmpty()) {
            out.printf("generator flows (top %s by %s of %d groups)%n", top == 0 ? "all" : top,
                    topBy.name().toLowerCase(Locale.ROOT), volumeTop().groups());
            out.printf("%s%12s %14s %18s%n", keyHeader(), "flows", "packets", "bytes");
            for (Map.Entry<GroupKey, FlowAggregator.Volume> e : vols) {
                out.printf("%s%12d %14d %18d%n", keyCells(e.getKey()), e.getValue().flows, e.getValue().packets,
                        e.getValue().bytes);
            }
        }
        List<Map.Entry<GroupKey, FlowAggregator.Rates>> rs = topRates();
        if (!rs.isEmpty()) {
            out.printf("ndtwin flow rates (mean and max over the polls that listed the flow; top %s by %s of %d groups)%n",
                    top == 0 ? "all" : top, topBy.name().toLowerCase(Locale.ROOT), rateTop().groups());
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

    /**
     * The columns past max_pps come with the port and either-end groupings only, so readers of the
     * older columns see the same lines.
     */
    private void csv(PrintStream out) {
        out.println("kind,hour,src,dst,proto,flows,packets,bytes,samples,avg_bps,max_bps,avg_pps,max_pps"
                + (extraCsvColumns() ? ",src_port,dst_port,ip,port" : ""));
        for (Map.Entry<GroupKey, FlowAggregator.Volume> e : topVolumes()) {
            GroupKey k = e.getKey();
            out.println("generator," + csvKey(k) + "," + e.getValue().flows + "," + e.getValue().packets + ","
                    + e.getValue().bytes + ",,,,," + csvTail(k));
        }
        for (Map.Entry<GroupKey, FlowAggregator.Rates> e : topRates()) {
            GroupKey k = e.getKey();
            FlowAggregator.Rates r = e.getValue();
            out.println("ndtwin," + csvKey(k) + ",,,," + r.samples + "," + num(r.avgBps()) + "," + num(r.maxBps) + ","
                    + num(r.avgPps()) + "," + num(r.maxPps) + csvTail(k));
        }
    }

    private String csvKey(GroupKey k) {
        return field(k, "hour") + "," + field(k, "src") + "," + field(k, "dst") + "," + field(k, "proto");
    }

    private boolean extraCsvColumns() {
        Grouping g = agg.grouping();
        return g.bySrcPort() || g.byDstPort() || g.eitherIp() || g.eitherPort();
    }

    /** The trailing cells: ",src_port,dst_port,ip,port" when the grouping has them. */
    private String csvTail(GroupKey k) {
        if (!extraCsvColumns()) {
            return "";
        }
        return "," + field(k, "src_port") + "," + field(k, "dst_port") + "," + field(k, "ip") + "," + field(k, "port");
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
                .append(",\"spilled_groups\":").append(agg.spilledGroups())
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
        for (String c : agg.grouping().columns()) {
            boolean number = !c.equals("hour") && !c.equals("ip") && !c.equals("src") && !c.equals("dst");
            String v = cell(k, c);
            sb.append('"').append(c).append("\":");
            if (number) {
                sb.append(v.isEmpty() ? "null" : v).append(',');
            } else {
                sb.append('"').append(v).append("\",");
            }
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

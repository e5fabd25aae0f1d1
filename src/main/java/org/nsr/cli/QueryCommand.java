package org.nsr.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.metrics.Metrics;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.query.ColumnarScan;
import org.nsr.replay.query.FlowAggregator;
import org.nsr.replay.query.FlowFilter;
import org.nsr.replay.query.Grouping;
import org.nsr.replay.query.QueryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsr query DIR}: filters and aggregates flows. Exit 0 ok, 1 damage skipped, 2 bad input. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Aggregates a recording's flows by hour and/or flow.",
                "Generator flows: flows, packets and bytes summed per group.",
                "NDTwin flow snapshots: per group, mean and max of estimated_flow_sending_rate_bps_in_the_last_sec and "
                        + "estimated_packet_rate_in_the_last_sec over the polls that listed the flow "
                        + "(a poll that does not list a flow adds nothing). IPs are shown dotted; hours are UTC.",
                "Always reports the files and records scanned."})
public final class QueryCommand implements Callable<Integer> {
    @Mixin
    RecordingSelectionOptions selection;

    @Option(names = "--protocol", paramLabel = "P", description = "tcp, udp, icmp or a protocol number.")
    String protocol;

    @Option(names = "--ip", paramLabel = "IP[/N]", description = "An IPv4 address or subnet matching either end.")
    String ip;

    @Option(names = "--port", paramLabel = "PORT", description = "A port matching either end.")
    String port;

    @Option(names = "--filter", paramLabel = "EXPR", description = "Only flows matching EXPR, e.g. "
            + "'proto tcp and dst port 443' (the filter language of generate and replay; README: Flow filters).")
    String filterText;

    @Option(names = "--by", paramLabel = "KEYS", description = "A comma list of hour, src_ip, dst_ip, ip (either end), "
            + "src_port, dst_port, port (either end), proto; flow = src_ip,dst_ip; flow-proto = src_ip,dst_ip,proto "
            + "(default: flow). nfdump's spellings (srcip, dstport) work too.")
    String by = "flow";

    @Option(names = "--top", paramLabel = "N", description = "Print the top N groups of each table (default 20; 0 = all).")
    int top = 20;

    @Option(names = "--top-by", paramLabel = "K", description = "Rank by bytes (default), packets, flows, bps or pps.")
    String topBy = "bytes";

    @Option(names = "--format", paramLabel = "FMT", description = "text (default), csv or json.")
    String format = "text";

    @Option(names = "--max-groups", paramLabel = "N", description = "Most groups kept in memory per table; past it "
            + "partial sums spill to disk and are merged, so answers stay exact (default: what a third of the heap holds).")
    Integer maxGroups;

    @Option(names = "--spill-dir", paramLabel = "DIR", description = "Where groups past --max-groups spill "
            + "(default: the system temporary directory); removed when the query ends.")
    java.nio.file.Path spillDir;

    @Option(names = "--no-columns", description = "Read every archive's records, not its column sidecar "
            + "(nsr columns DIR builds them; the answer is the same).")
    boolean noColumns;

    @Option(names = "--threads", paramLabel = "N", description = "Threads decoding column sidecars "
            + "(default: the processors, at most 4).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("query", System.err, () -> {
            FlowFilter filter = FlowFilter.parse(protocol, ip, port);
            org.nsr.filter.Filter expression = ExportOptions.filter("--filter", filterText);
            Grouping grouping = Grouping.parse(by);
            QueryReport.TopBy ranking = QueryReport.TopBy.parse(topBy);
            QueryReport.Format outputFormat = QueryReport.Format.parse(format);
            if (top < 0) {
                throw new ConfigException("--top: '" + top + "' is negative; expected 0 (all) or more");
            }
            int groups = maxGroups == null ? FlowAggregator.maxGroupsForHeap(Runtime.getRuntime().maxMemory()) : maxGroups;
            if (groups < 1) {
                throw new ConfigException("--max-groups: '" + maxGroups + "' is too small; expected 1 or more");
            }
            ReadSelection sel = selection.selection(Clock.systemUTC());
            ReplayCli.OpenRecording recording = ReplayCli.open(selection.dir);
            // a pinned IP: the index says which files can hold it (same answer, fewer files read)
            RecordingIndex index = ReplayCli.narrowByIndex(recording.index(), selection.dir, filter.pinnedIp(),
                    expression, sel.range());
            int decoders = threads == null ? Math.min(4, Runtime.getRuntime().availableProcessors()) : threads;
            if (decoders < 1) {
                throw new ConfigException("--threads: '" + decoders + "' is too small; expected 1 or more");
            }
            ArchiveReader reader = recording.reader();
            ReadStats stats = new ReadStats(new Metrics());
            try (FlowAggregator agg = new FlowAggregator(grouping, filter, expression, groups, spillDir)) {
                ColumnarScan scan = new ColumnarScan();
                scan.scan(index, sel, reader, stats, agg, !noColumns, decoders);
                new QueryReport(agg, stats.filesOpened() + scan.sidecarsRead(), top, ranking)
                        .print(outputFormat, System.out, System.err);
                if (scan.sidecarsRead() + scan.sidecarsDamaged() > 0) {
                    System.err.println("nsr query: column sidecars read: " + scan.sidecarsRead()
                            + ", damaged (their archives read instead): " + scan.sidecarsDamaged());
                }
            }
            if (stats.hasProblems()) {
                System.err.println("nsr query: " + stats.summary());
                return CommandErrors.PROBLEMS;
            }
            return CommandErrors.OK;
        });
    }
}

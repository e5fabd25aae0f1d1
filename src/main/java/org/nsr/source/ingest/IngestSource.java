package org.nsr.source.ingest;

import org.nsr.aggregate.HourlyFlows;
import org.nsr.aggregate.RecordingScan;
import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
import org.nsr.aggregate.FlowKey;
import org.nsr.metrics.Metrics;
import org.nsr.server.HttpServerBase;
import org.nsr.server.HttpServerSettings;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push source: serves the Flow Aggregation Service's API on the server base, puts every
 * accepted POST on its channel as one record, and keeps the per-hour sums.
 *
 * <p>Start: the server binds at once, answering 503 ("starting") while the sums are rebuilt from
 * the source's own recording (archives and recovered files: recovery ran before sources start),
 * then opens. Stop: the server stops taking requests; requests in flight get the server's grace
 * (a POST waiting for its fsync is answered, the writer still runs) and {@code run} returns.
 *
 * <p>Threading: {@link #run} on the source's thread; requests on the server's handler threads.
 */
final class IngestSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(IngestSource.class);

    private final IngestSourceSpec spec;
    private final SourceContext context;
    private final java.util.concurrent.CompletableFuture<String> openedAt = new java.util.concurrent.CompletableFuture<>();

    IngestSource(IngestSourceSpec spec, SourceContext context) {
        this.spec = spec;
        this.context = context;
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** The API's {@code http://host:port}, once it takes writes (for tests and tools on port 0). */
    java.util.concurrent.CompletableFuture<String> openedAt() {
        return openedAt;
    }

    @Override
    public void run(Channel out, StopSignal stop) throws Exception {
        Metrics metrics = context.metrics();
        HourlyFlows flows = new HourlyFlows(spec.hoursInMemory());
        String n = spec.name();
        metrics.gauge("nsr_ingest_hours_in_memory", "Hours of flow sums held in memory", flows::hoursHeld, "source", n);
        metrics.counterFrom("nsr_ingest_old_hour_records_total",
                "Records for an hour that had left memory: recorded, answered from the recording", flows::recordsForOldHours,
                "source", n);
        IngestApi api = new IngestApi(spec, context.ticker(), flows, new OldHours(context.outputDir(), n),
                context.watermarks().durable(n), metrics);
        metrics.gauge("nsr_ingest_ready", "1 once the aggregation is rebuilt and the API takes writes",
                () -> api.isReady() ? 1 : 0, "source", n);
        HttpServerSettings settings = HttpServerSettings.builder("ingest-" + n).bind(spec.listen())
                .bearerToken(spec.token()).threads(spec.threads()).maxConnections(spec.maxConnections())
                .queuedRequests(spec.threads() * 4).maxBodyBytes(spec.maxBodyBytes()).build();
        try (HttpServerBase server = new HttpServerBase(settings, api).start()) {
            long t0 = System.nanoTime();
            if (context.outputDir() != null) {
                RecordingScan.Stats s = RecordingScan.scan(context.outputDir(), n,
                        (src, dst, vpc, tx, rx, hour) -> flows.add(hour, new FlowKey(src, dst, vpc), tx, rx));
                log.info("source {}: aggregation rebuilt from {} file(s), {} lines, {} records in {} ms ({} malformed "
                        + "lines, {} damaged files skipped); {} hours in memory", n, s.files(), s.lines(), s.entries(),
                        (System.nanoTime() - t0) / 1_000_000, s.malformedLines(), s.damagedFiles(), flows.hoursHeld());
            }
            api.ready(out);
            openedAt.complete(server.url());
            log.info("source {}: taking POST /flows on {} (ack {}, max body {} bytes, max wait {} ms)", n, server.url(),
                    spec.ack().configName(), spec.maxBodyBytes(), spec.maxWait().toMillis());
            stop.awaitForever();
        }
        log.info("source {}: stopped", n);
    }
}

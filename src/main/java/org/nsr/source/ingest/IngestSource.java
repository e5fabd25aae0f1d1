package org.nsr.source.ingest;

import java.util.concurrent.CompletableFuture;
import org.nsr.aggregate.FlowKey;
import org.nsr.aggregate.HourlyFlows;
import org.nsr.aggregate.RecordingScan;
import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
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
 * <p>Start ({@link #open}, while the recorder is starting): the server binds (a taken port fails
 * the start: exit 1) and answers 503 "starting" while the sums are rebuilt from the source's own
 * recording (archives and recovered files: recovery ran before sources start); the recorder's
 * {@code /health} says starting meanwhile. {@link #run} then opens the API for writes. Stop: the
 * server stops taking requests; requests in flight get the server's grace (a POST waiting for its
 * fsync is answered, the writer still runs) and {@code run} returns.
 *
 * <p>Threading: {@link #open} and {@link #run} on the source's thread; requests on the server's
 * handler threads.
 */
final class IngestSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(IngestSource.class);

    private final IngestSourceSpec spec;
    private final SourceContext context;
    private final CompletableFuture<String> openedAt = new CompletableFuture<>();
    private final HourlyFlows flows;
    private final IngestApi api;
    /** Bound by {@link #open}, closed when {@link #run} ends; a run after a failure binds again. */
    private HttpServerBase server;

    IngestSource(IngestSourceSpec spec, SourceContext context) {
        this.spec = spec;
        this.context = context;
        Metrics metrics = context.metrics();
        String n = spec.name();
        this.flows = new HourlyFlows(spec.hoursInMemory());
        metrics.gauge("nsr_ingest_hours_in_memory", "Hours of flow sums held in memory", flows::hoursHeld, "source", n);
        metrics.counterFrom("nsr_ingest_old_hour_records_total",
                "Records for an hour that had left memory: recorded, answered from the recording", flows::recordsForOldHours,
                "source", n);
        this.api = new IngestApi(spec, context.ticker(), flows, new OldHours(context.outputDir(), n),
                context.watermarks().durable(n), metrics);
        metrics.gauge("nsr_ingest_ready", "1 once the aggregation is rebuilt and the API takes writes",
                () -> api.isReady() ? 1 : 0, "source", n);
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** The API's {@code http://host:port}, once it takes writes (for tests and tools on port 0). */
    CompletableFuture<String> openedAt() {
        return openedAt;
    }

    @Override
    public void open() throws Exception {
        server = bind();
        String n = spec.name();
        long t0 = System.nanoTime();
        if (context.outputDir() != null) {
            RecordingScan.Stats s = RecordingScan.scan(context.outputDir(), n,
                    (src, dst, vpc, tx, rx, hour) -> flows.add(hour, new FlowKey(src, dst, vpc), tx, rx));
            log.info("source {}: aggregation rebuilt from {} file(s), {} lines, {} records in {} ms ({} malformed "
                    + "lines, {} damaged files skipped); {} hours in memory", n, s.files(), s.lines(), s.entries(),
                    (System.nanoTime() - t0) / 1_000_000, s.malformedLines(), s.damagedFiles(), flows.hoursHeld());
        }
    }

    private HttpServerBase bind() throws java.io.IOException {
        HttpServerSettings settings = HttpServerSettings.builder("ingest-" + spec.name()).bind(spec.listen())
                .bearerToken(spec.token()).threads(spec.threads()).maxConnections(spec.maxConnections())
                .queuedRequests(spec.threads() * 4).maxBodyBytes(spec.maxBodyBytes()).build();
        return new HttpServerBase(settings, api).start();
    }

    @Override
    public void run(Channel out, StopSignal stop) throws Exception {
        HttpServerBase s = server != null ? server : bind();
        server = null;
        try (s) {
            api.ready(out);
            openedAt.complete(s.url());
            log.info("source {}: taking POST /flows on {} (ack {}, max body {} bytes, max wait {} ms)", spec.name(),
                    s.url(), spec.ack().configName(), spec.maxBodyBytes(), spec.maxWait().toMillis());
            stop.awaitForever();
        }
        log.info("source {}: stopped", spec.name());
    }
}

package org.nsr.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.nsr.config.DashboardSettings;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Metrics;
import org.nsr.server.HttpServerBase;
import org.nsr.server.HttpServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: its HTTP server (the server base; loopback by default, a token elsewhere)
 * and its publisher, which once every {@code refresh} builds a snapshot of the metrics, the
 * traffic and the panels and pushes it to every open page as a server-sent event.
 *
 * <p>Each page's stream holds one handler thread, so the server has {@code max_clients} handler
 * threads plus a few for the page's other requests. Lifecycle: a {@link org.nsr.lifecycle.Service};
 * the server binds in {@code startUp} (a taken port fails the start), the streams end at stop.
 */
public final class DashboardService extends AbstractExecutionThreadService {
    private static final Logger log = LoggerFactory.getLogger(DashboardService.class);
    private static final int SPARE_HANDLERS = 4;

    private final DashboardSettings settings;
    private final Ticker ticker;
    private final TrafficWindow traffic;
    private final EventHub hub;
    private final Snapshots snapshots;
    private final DashboardHandler handler;
    private final StopSignal stop = new StopSignal();
    private volatile HttpServerBase server;

    /**
     * @param outputDir the recording's directory, for disk used and free; null for none
     * @param traffic what the flow taps fill
     * @param panels further parts of the snapshot (the detector's alerts)
     */
    public DashboardService(DashboardSettings settings, Ticker ticker, Metrics metrics, Path outputDir,
            TrafficWindow traffic, List<Panel> panels) {
        super("dashboard");
        this.settings = settings;
        this.ticker = ticker;
        this.traffic = traffic;
        this.hub = new EventHub(settings.maxClients(), settings.clientEvents(), metrics);
        this.snapshots = new Snapshots(new MetricsDigest(metrics, outputDir), new ComponentPanels(metrics), traffic,
                panels);
        this.handler = new DashboardHandler(new PageAccess(settings.listener().token()), hub, snapshots);
    }

    @Override
    protected void startUp() throws Exception {
        HttpServerSettings http = HttpServerSettings.builder("dashboard")
                .bind(settings.listener().listen())
                .threads(settings.maxClients() + SPARE_HANDLERS)
                .maxConnections(settings.maxClients() * 2 + 16)
                .maxBodyBytes(4096)
                .build();
        server = new HttpServerBase(http, handler).start();
        log.info("dashboard on {}/{}", server.url(), settings.listener().token() == null ? "" : " (log in with the token)");
    }

    @Override
    protected void run() throws InterruptedException {
        while (!stop.isRaised()) {
            publishOnce();
            ticker.await(stop, settings.refresh());
        }
    }

    /** Builds one snapshot and pushes it to every page; the publisher's tick, callable from tests. */
    void publishOnce() {
        long newest = traffic.newestNanos();
        long second = newest == Long.MIN_VALUE ? 0 : Math.floorDiv(newest, 1_000_000_000L) - 1;
        String json = snapshots.tick(ticker.nanoTime(), ticker.epochMillis(), second);
        handler.latest(json);
        hub.publish(DashboardHandler.frame("tick", json));
    }

    @Override
    protected void triggerShutdown() {
        stop.raise();
    }

    @Override
    protected void shutDown() {
        handler.close();
        HttpServerBase s = server;
        if (s != null) {
            s.close();
        }
    }

    /** The bound URL, once running. */
    public String url() {
        return server.url();
    }

    public TrafficWindow traffic() {
        return traffic;
    }

    int openStreams() {
        return hub.size();
    }

    long droppedStreams() {
        return hub.droppedCount();
    }

    Duration refresh() {
        return settings.refresh();
    }
}

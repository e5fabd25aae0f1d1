package org.nsr.app;

import java.nio.file.Path;
import java.util.List;
import org.nsr.config.DashboardSettings;
import org.nsr.config.DetectSettings;
import org.nsr.core.Ticker;
import org.nsr.detect.AlertStream;
import org.nsr.detect.Detector;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.redis.RedisEndpoint;
import org.nsr.sink.SinkFactory;
import org.nsr.ui.DashboardService;
import org.nsr.ui.FlowTaps;
import org.nsr.ui.Panel;
import org.nsr.ui.TrafficWindow;

/**
 * Wires the live dashboard and the DDoS detector into a recording: the dashboard's service, the
 * detector, and one flow tap per source that feeds both.
 */
final class LiveDashboard {
    /** Records each source's dashboard tap buffers before it drops (and counts). */
    static final int TAP_CAPACITY = 4096;
    /** Talkers (and conversations) one 10 s bucket of the traffic window holds. */
    static final int KEYS_PER_BUCKET = 10_000;

    final DashboardService dashboard; // null when the page is off
    final Detector detector; // null when detection is off
    final AlertStream alertStream; // null without a Redis sink
    final SinkFactory taps;

    private LiveDashboard(DashboardService dashboard, Detector detector, AlertStream alertStream, SinkFactory taps) {
        this.dashboard = dashboard;
        this.detector = detector;
        this.alertStream = alertStream;
        this.taps = taps;
    }

    /**
     * Null when neither the page nor detection is configured.
     *
     * @param redis where alerts also go (the stream {@code alerts}): the first Redis sink's server, or null
     */
    static LiveDashboard create(DashboardSettings page, DetectSettings detect, Ticker ticker, Metrics metrics,
            Path outputDir, RedisEndpoint redis) {
        if (page == null && detect == null) {
            return null;
        }
        Detector detector = new Detector(detect != null ? detect : DetectSettings.defaults(), metrics);
        TrafficWindow traffic = new TrafficWindow(KEYS_PER_BUCKET);
        DashboardService service = page == null ? null : new DashboardService(page, ticker, metrics, outputDir,
                traffic, List.of(new Panel() {
                    @Override
                    public String key() {
                        return "attacks";
                    }

                    @Override
                    public Object snapshot(long nowNanos) {
                        return detector.snapshot();
                    }
                }));
        FlowVisitor both = new FlowVisitor() {
            @Override
            public void flow(Flow f) {
                if (service != null) {
                    traffic.add(f);
                }
                detector.flow(f);
            }
        };
        AlertStream alerts = redis == null ? null : new AlertStream(redis, detector, metrics);
        return new LiveDashboard(service, detector, alerts, new FlowTaps(page != null ? "dashboard" : "detector",
                TAP_CAPACITY, both));
    }
}

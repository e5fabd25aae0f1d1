package org.nsr.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import org.nsr.ui.FlowFeed;
import org.nsr.ui.FlowTaps;
import org.nsr.ui.Panel;
import org.nsr.ui.TrafficWindow;

/**
 * Wires the live dashboard and the DDoS detector into a recording: the dashboard's service, the
 * detector, and one flow tap per source that feeds both.
 */
final class LiveDashboard {
    /** Records waiting for the flow analysis thread, per source (its ring), before they drop (and count). */
    static final int FEED_CAPACITY = 65_536;
    /** Talkers (and conversations) one 10 s bucket of the traffic window holds. */
    static final int KEYS_PER_BUCKET = 10_000;

    final DashboardService dashboard; // null when the page is off
    final Detector detector; // null when detection is off
    final AlertStream alertStream; // null without a Redis sink
    final FlowFeed feed; // the one analysis thread: a service of the taps' layer
    final SinkFactory taps;

    private LiveDashboard(DashboardService dashboard, Detector detector, AlertStream alertStream, FlowFeed feed) {
        this.dashboard = dashboard;
        this.detector = detector;
        this.alertStream = alertStream;
        this.feed = feed;
        this.taps = new FlowTaps(feed);
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
        FlowVisitor both = new FlowVisitor() {
            @Override
            public void flow(Flow f) {
                if (page != null) {
                    traffic.add(f);
                }
                detector.flow(f);
            }
        };
        double budget = page != null ? page.cpuBudget() : DashboardSettings.DEFAULT_CPU_BUDGET;
        FlowFeed feed = new FlowFeed(page != null ? "dashboard" : "detector", both, detector::keptShare, FEED_CAPACITY,
                budget, ticker, metrics);
        DashboardService service = page == null ? null : new DashboardService(page, ticker, metrics, outputDir,
                traffic, List.of(panel("attacks", detector::snapshot), panel("analysis", () -> analysis(metrics))));
        AlertStream alerts = redis == null ? null : new AlertStream(redis, detector, metrics);
        return new LiveDashboard(service, detector, alerts, feed);
    }

    private static Panel panel(String key, Supplier<Object> snapshot) {
        return new Panel() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public Object snapshot(long nowNanos) {
                return snapshot.get();
            }
        };
    }

    /** What the page shows of the flow analysis: the share it read, and what it skipped or dropped. */
    private static Map<String, Object> analysis(Metrics metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kept_share", metrics.value("nsr_analysis_kept_share"));
        m.put("analysed", (long) metrics.value("nsr_analysis_records_total", "result", "analysed"));
        m.put("sampled_out", (long) metrics.value("nsr_analysis_records_total", "result", "sampled_out"));
        m.put("dropped", (long) metrics.sum("nsr_sink_dropped_total", "sink", "dashboard")); // with a page, "dashboard"
        m.put("cpu_seconds", metrics.value("nsr_analysis_cpu_seconds_total"));
        m.put("cpu_budget", metrics.value("nsr_analysis_cpu_budget_share"));
        return m;
    }
}

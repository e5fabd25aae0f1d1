package org.nsr.app;

import java.nio.file.Path;
import java.util.List;
import org.nsr.config.DashboardSettings;
import org.nsr.core.Ticker;
import org.nsr.metrics.Metrics;
import org.nsr.sink.SinkFactory;
import org.nsr.ui.DashboardService;
import org.nsr.ui.FlowTaps;
import org.nsr.ui.TrafficWindow;

/** Wires the live dashboard into a recording: its service, and the flow taps that feed it. */
final class LiveDashboard {
    /** Records each source's dashboard tap buffers before it drops (and counts). */
    static final int TAP_CAPACITY = 4096;
    /** Talkers (and conversations) one 10 s bucket of the traffic window holds. */
    static final int KEYS_PER_BUCKET = 10_000;

    private LiveDashboard() {
    }

    static DashboardService create(DashboardSettings settings, Ticker ticker, Metrics metrics, Path outputDir) {
        return new DashboardService(settings, ticker, metrics, outputDir, new TrafficWindow(KEYS_PER_BUCKET), List.of());
    }

    static SinkFactory taps(DashboardService dashboard) {
        TrafficWindow traffic = dashboard.traffic();
        return new FlowTaps("dashboard", TAP_CAPACITY, traffic::add);
    }
}

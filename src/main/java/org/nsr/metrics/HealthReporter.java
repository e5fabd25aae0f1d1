package org.nsr.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides whether the recorder is healthy, from its lifecycle state and its source metrics.
 *
 * <p>Healthy means: the lifecycle state is {@code running} and no source has been failing for
 * longer than {@code failingThreshold}. A source's failure streak is read from the gauge
 * {@code nsr_source_failing_since_timestamp_seconds{source=...}} (epoch seconds of the first failure of the
 * current streak, 0 while the source succeeds). A streak exactly as long as the threshold is still
 * tolerated; one second more is not.
 *
 * <p>Thread-safe and stateless: every {@link #check()} reads the state and the metrics afresh, so
 * the HTTP threads can call it concurrently with the recorder changing state.
 */
public final class HealthReporter {
    static final String FAILING_SINCE = "nsr_source_failing_since_timestamp_seconds";

    private final Supplier<String> lifecycleState;
    private final Metrics metrics;
    private final Duration failingThreshold;
    private final Clock clock;

    /**
     * @param lifecycleState   current state: {@code starting}, {@code running}, {@code draining} or {@code stopped}
     * @param failingThreshold how long a source may fail before the recorder reports itself failing; not negative
     */
    public HealthReporter(Supplier<String> lifecycleState, Metrics metrics, Duration failingThreshold, Clock clock) {
        this.lifecycleState = Objects.requireNonNull(lifecycleState, "lifecycleState");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.failingThreshold = Objects.requireNonNull(failingThreshold, "failingThreshold");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (failingThreshold.isNegative()) {
            throw new IllegalArgumentException("failingThreshold must not be negative, got " + failingThreshold);
        }
    }

    public HealthStatus check() {
        String state = lifecycleState.get();
        List<String> reasons = new ArrayList<>();
        String status;
        if ("running".equals(state)) {
            status = "running";
        } else if ("starting".equals(state)) {
            status = "starting";
            reasons.add("recorder is starting");
        } else if ("draining".equals(state) || "stopped".equals(state)) {
            // Both mean "going away": a load balancer or supervisor must stop relying on this instance.
            status = "draining";
            reasons.add("draining".equals(state) ? "recorder is draining before stop" : "recorder has stopped");
        } else if (state.startsWith("failed: ")) {
            status = "failing";
            reasons.add(state.substring("failed: ".length()));
        } else {
            status = "failing";
            reasons.add("unknown lifecycle state '" + state + "'");
        }
        double nowSeconds = clock.millis() / 1000.0;
        double limitSeconds = failingThreshold.toMillis() / 1000.0;
        for (Metrics.Series s : metrics.seriesOf(FAILING_SINCE)) {
            double since = s.value();
            if (since > 0 && nowSeconds - since > limitSeconds) {
                reasons.add("source " + s.label("source") + " failing for " + Math.round(nowSeconds - since)
                        + "s (threshold " + failingThreshold.toSeconds() + "s)");
                if ("running".equals(status)) {
                    status = "failing";
                }
            }
        }
        return new HealthStatus(reasons.isEmpty(), status, reasons);
    }
}

package org.nsr.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.nsr.lifecycle.Service;
import org.nsr.lifecycle.ServiceManager;

/**
 * Decides whether the recorder is healthy, from the states of its services and its source metrics.
 *
 * <p>Healthy means: the {@link ServiceManager} is running, no service has FAILED, nothing else
 * is reported wrong (a source waiting for a reload, writes failing too long), and no source has been failing for
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
    private final Supplier<List<String>> problems;
    private final Metrics metrics;
    private final Duration failingThreshold;
    private final Clock clock;

    /**
     * @param lifecycleState   current state: {@code starting}, {@code running}, {@code draining} or {@code stopped}
     * @param failingThreshold how long a source may fail before the recorder reports itself failing; not negative
     */
    public HealthReporter(Supplier<String> lifecycleState, Metrics metrics, Duration failingThreshold, Clock clock) {
        this(lifecycleState, List::of, metrics, failingThreshold, clock);
    }

    /**
     * Health from the manager's states: its phase gives the status; every FAILED service, and
     * every line of {@code problems}, is a reason to report {@code failing}.
     */
    public HealthReporter(ServiceManager manager, Supplier<List<String>> problems, Metrics metrics,
            Duration failingThreshold, Clock clock) {
        this(() -> phaseName(manager.phase()), () -> reasons(manager, problems.get()), metrics, failingThreshold,
                clock);
    }

    private HealthReporter(Supplier<String> lifecycleState, Supplier<List<String>> problems, Metrics metrics,
            Duration failingThreshold, Clock clock) {
        this.lifecycleState = Objects.requireNonNull(lifecycleState, "lifecycleState");
        this.problems = problems;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.failingThreshold = Objects.requireNonNull(failingThreshold, "failingThreshold");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (failingThreshold.isNegative()) {
            throw new IllegalArgumentException("failingThreshold must not be negative, got " + failingThreshold);
        }
    }

    private static String phaseName(ServiceManager.Phase phase) {
        return switch (phase) {
            case NEW, STARTING -> "starting";
            case RUNNING -> "running";
            case STOPPING -> "draining";
            case STOPPED -> "stopped";
        };
    }

    private static List<String> reasons(ServiceManager manager, List<String> more) {
        List<String> out = new ArrayList<>();
        for (ServiceManager.Status s : manager.snapshot()) {
            if (s.state() == Service.State.FAILED) {
                out.add(s.name() + " stopped: " + s.cause());
            }
        }
        out.addAll(more);
        return out;
    }

    public HealthStatus check() {
        String state = lifecycleState.get();
        List<String> wrong = problems.get();
        List<String> reasons = new ArrayList<>();
        String status;
        if (!wrong.isEmpty()) {
            status = "failing";
            reasons.addAll(wrong);
        } else if ("running".equals(state)) {
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

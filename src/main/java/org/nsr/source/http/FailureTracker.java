package org.nsr.source.http;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every failed poll per kind and logs failure streaks without flooding: one WARN when a
 * streak starts (and again only if the kind of failure changes), one INFO when the source
 * recovers, saying how many polls failed. Owned by the source's thread; the gauges it publishes
 * are read from other threads, hence volatile.
 */
final class FailureTracker {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);

    private final String source;
    private final String target;
    private final Clock clock;
    private final Map<FailureKind, Counter> failures = new EnumMap<>(FailureKind.class);
    private final Map<FailureKind, Long> streakKinds = new EnumMap<>(FailureKind.class);
    private final Counter failedPolls;
    private volatile double failingSinceSeconds;
    private volatile double lastSuccessSeconds;
    private long streakLength;
    private long streakStartMillis;
    private FailureKind lastKind;

    FailureTracker(String source, String target, Clock clock, Metrics metrics) {
        this.source = source;
        this.target = target;
        this.clock = clock;
        for (FailureKind k : FailureKind.values()) {
            failures.put(k, metrics.counter("nsr_source_poll_failures_total",
                    "Polls that produced no record, by kind", "source", source, "kind", k.label()));
        }
        this.failedPolls = metrics.counter("nsr_source_polls_total", "Polls, by result (ok or failed)",
                "source", source, "result", "failed");
        metrics.gauge("nsr_source_failing_since_timestamp_seconds",
                "Epoch seconds when the current failure streak began; 0 when healthy",
                () -> failingSinceSeconds, "source", source);
        metrics.gauge("nsr_source_last_success_timestamp_seconds", "Epoch seconds of the last successful poll",
                () -> lastSuccessSeconds, "source", source);
    }

    void failed(PollFailure f) {
        failures.get(f.kind()).increment();
        failedPolls.increment();
        long now = clock.millis();
        if (streakLength == 0) {
            streakStartMillis = now;
            failingSinceSeconds = now / 1000.0;
            LOG.warn("source {}: poll of {} failed ({}): {}; polling continues on schedule, "
                    + "further failures are counted and logged at recovery", source, target, f.kind().label(),
                    describe(f));
        } else if (f.kind() != lastKind) {
            LOG.warn("source {}: still failing after {} poll(s), now with {}: {}", source, streakLength,
                    f.kind().label(), describe(f));
        }
        if (f.cause() != null) {
            LOG.debug("source {}: failure detail", source, f.cause());
        }
        streakLength++;
        streakKinds.merge(f.kind(), 1L, Long::sum);
        lastKind = f.kind();
    }

    void succeeded() {
        long now = clock.millis();
        lastSuccessSeconds = now / 1000.0;
        if (streakLength > 0) {
            String kinds = streakKinds.entrySet().stream()
                    .map(e -> e.getKey().label() + "=" + e.getValue()).collect(Collectors.joining(", "));
            LOG.info("source {}: recovered; {} poll(s) failed over {} ms ({})", source, streakLength,
                    now - streakStartMillis, kinds);
            streakLength = 0;
            streakKinds.clear();
            lastKind = null;
            failingSinceSeconds = 0;
        }
    }

    /** Failed polls in the current streak; 0 when healthy. */
    long streakLength() {
        return streakLength;
    }

    private static String describe(PollFailure f) {
        if (f.cause() == null) {
            return f.message();
        }
        Throwable root = f.cause();
        StringBuilder sb = new StringBuilder(f.message());
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            sb.append(" (cause: ").append(root).append(')');
        }
        return sb.toString();
    }
}

package org.nsr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nsr.testing.MutableClock;

class HealthReporterTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final Metrics metrics = new Metrics();
    private final AtomicReference<String> state = new AtomicReference<>("starting");
    private final HealthReporter health = new HealthReporter(state::get, metrics, Duration.ofSeconds(60), clock);

    /** Registers a source's failing-since gauge the way the source runner does: epoch seconds, 0 = healthy. */
    private AtomicLong failingSince(String source) {
        AtomicLong since = new AtomicLong();
        metrics.gauge("nsr_source_failing_since_timestamp_seconds", "h", since::get, "source", source);
        return since;
    }

    @Test
    void healthGoesThroughStartingRunningDrainingStopped() {
        assertEquals(new HealthStatus(false, "starting", List.of("recorder is starting")), health.check());

        state.set("running");
        assertEquals(new HealthStatus(true, "running", List.of()), health.check());

        state.set("draining");
        assertEquals(new HealthStatus(false, "draining", List.of("recorder is draining before stop")), health.check());

        state.set("stopped");
        HealthStatus stopped = health.check();
        assertFalse(stopped.healthy());
        assertEquals("draining", stopped.status());
    }

    @Test
    void aBrokenStageMakesTheRecorderFailingWithItsReason() {
        state.set("failed: writer flowinfo stopped: java.lang.OutOfMemoryError");
        assertEquals(new HealthStatus(false, "failing", List.of("writer flowinfo stopped: java.lang.OutOfMemoryError")),
                health.check());
    }

    @Test
    void sourceFailingLongerThanThresholdMakesRunningRecorderFailing() {
        state.set("running");
        AtomicLong flow = failingSince("flowinfo");
        failingSince("graphinfo"); // stays healthy: 0

        flow.set(T0.getEpochSecond());
        clock.advance(Duration.ofSeconds(60));
        assertTrue(health.check().healthy(), "a streak exactly as long as the threshold is tolerated");

        clock.advance(Duration.ofSeconds(1));
        HealthStatus failing = health.check();
        assertFalse(failing.healthy());
        assertEquals("failing", failing.status());
        assertEquals(List.of("source flowinfo failing for 61s (threshold 60s)"), failing.reasons());

        flow.set(0); // the source recovered
        assertEquals(new HealthStatus(true, "running", List.of()), health.check());
    }

    @Test
    void failingSourceIsReportedAlongsideTheLifecycleState() {
        state.set("draining");
        failingSince("power").set(T0.getEpochSecond() - 300);

        HealthStatus s = health.check();

        assertEquals("draining", s.status());
        assertEquals(List.of("recorder is draining before stop", "source power failing for 300s (threshold 60s)"),
                s.reasons());
    }

    @Test
    void unknownStateIsNotHealthy() {
        state.set("confused");
        HealthStatus s = health.check();
        assertFalse(s.healthy());
        assertEquals("failing", s.status());
    }

    @Test
    void jsonBodyCarriesStatusAndEscapedReasons() {
        assertEquals("{\"status\":\"running\",\"reasons\":[]}", new HealthStatus(true, "running", List.of()).toJson());
        assertEquals("{\"status\":\"failing\",\"reasons\":[\"a \\\"b\\\"\\n\\u0001\"]}",
                new HealthStatus(false, "failing", List.of("a \"b\"\n\u0001")).toJson());
    }

    @Test
    void healthFromTheManagerFollowsItsPhaseAndNamesAFailedServiceAndEachProblem() throws Exception {
        org.nsr.lifecycle.ServiceManager manager = new org.nsr.lifecycle.ServiceManager(org.nsr.core.Ticker.SYSTEM);
        java.util.concurrent.atomic.AtomicReference<Runnable> breakIt = new java.util.concurrent.atomic.AtomicReference<>();
        manager.add(0, new org.nsr.lifecycle.AbstractService("writer flowinfo") {
            @Override
            protected void doStart() {
                breakIt.set(() -> notifyFailed(new IllegalStateException("cannot encode")));
                notifyStarted();
            }

            @Override
            protected void doStop() {
                notifyStopped();
            }
        });
        AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
        HealthReporter fromManager = new HealthReporter(manager, problems::get, metrics, Duration.ofSeconds(60), clock);
        assertEquals(new HealthStatus(false, "starting", List.of("recorder is starting")), fromManager.check());
        manager.startAll(Duration.ofSeconds(5));
        assertEquals(new HealthStatus(true, "running", List.of()), fromManager.check());

        problems.set(List.of("sources [s] not running: waiting for their previous writer to drain after a reload"));
        assertEquals("failing", fromManager.check().status());
        assertEquals(problems.get(), fromManager.check().reasons());
        problems.set(List.of());

        breakIt.get().run();
        assertEquals(new HealthStatus(false, "failing",
                List.of("writer flowinfo stopped: java.lang.IllegalStateException: cannot encode")), fromManager.check());
        manager.stopAll(Duration.ofSeconds(5));
    }
}

package org.nsr.lifecycle;

import org.nsr.core.StopSignal;

import java.time.Duration;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.queue.RecordQueue;
import org.nsr.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one source running on its own thread until stopped. A source that throws or returns
 * early is logged, counted and started again after a growing pause (1 s up to 30 s): nothing a
 * source does ends its recording for good.
 */
final class SourceRunner implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Source source;
    private final RecordQueue queue;
    private final StopSignal stop;
    private final Counter restarts;

    SourceRunner(Source source, RecordQueue queue, StopSignal stop, Metrics metrics) {
        this.source = source;
        this.queue = queue;
        this.stop = stop;
        this.restarts = metrics.counter("nsr_source_restarts_total",
                "Times a source failed as a whole and was started again", "source", source.name());
    }

    @Override
    public void run() {
        Duration pause = FIRST_PAUSE;
        while (!stop.isRaised()) {
            try {
                source.run(queue, stop);
                if (stop.isRaised()) {
                    return;
                }
                log.error("source {} returned before it was stopped; starting it again in {} ms", source.name(),
                        pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("source {} interrupted; it stops", source.name());
                return;
            } catch (Exception | Error e) {
                if (stop.isRaised()) {
                    log.error("source {} failed while stopping", source.name(), e);
                    return;
                }
                log.error("source {} failed; starting it again in {} ms", source.name(), pause.toMillis(), e);
            }
            restarts.increment();
            try {
                if (stop.await(pause)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }
}

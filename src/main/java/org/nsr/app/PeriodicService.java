package org.nsr.app;

import java.time.Duration;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that runs one task every period on its own thread, waiting on the ticker between
 * runs (the stats line, supervision). A task that throws is logged and the next period runs it
 * again; a stop ends the wait at once.
 */
final class PeriodicService extends AbstractExecutionThreadService {
    private static final Logger log = LoggerFactory.getLogger(PeriodicService.class);

    private final Duration period;
    private final Ticker ticker;
    private final Runnable task;
    private final StopSignal stop = new StopSignal();

    PeriodicService(String name, Duration period, Ticker ticker, Runnable task) {
        super(name);
        this.period = period;
        this.ticker = ticker;
        this.task = task;
    }

    @Override
    protected void run() throws InterruptedException {
        while (!ticker.await(stop, period)) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("{}: failed; it runs again in {} ms", serviceName(), period.toMillis(), e);
            }
        }
    }

    @Override
    protected void triggerShutdown() {
        stop.raise();
    }
}

package org.nsr.source;

import java.time.Duration;
import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.lifecycle.Abortable;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one source running on its own thread until stopped, as a service named
 * {@code "source <name>"}. A source that throws or returns early is logged, counted and started
 * again after a growing pause (1 s up to 30 s, on the ticker): nothing a source does ends its
 * recording for good. A stop raises the source's stop signal; a stop that gives up interrupts it.
 */
public final class SourceRunner extends AbstractExecutionThreadService implements Abortable {
    private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Source source;
    private final Channel channel;
    private final StopSignal stop = new StopSignal();
    private final Ticker ticker;
    private final Counter restarts;

    public SourceRunner(Source source, Channel channel, Ticker ticker, Metrics metrics) {
        super("source " + source.name());
        this.source = source;
        this.channel = channel;
        this.ticker = ticker;
        this.restarts = metrics.counter("nsr_source_restarts_total",
                "Times a source failed as a whole and was started again", "source", source.name());
    }

    @Override
    protected String threadName() {
        return "source-" + source.name();
    }

    /** The source binds or rebuilds what it must before it is RUNNING; a failure here fails the start. */
    @Override
    protected void startUp() throws Exception {
        source.open();
    }

    @Override
    protected void run() {
        Duration pause = FIRST_PAUSE;
        while (!stop.isRaised()) {
            try {
                source.run(channel, stop);
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
                if (ticker.await(stop, pause)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    @Override
    protected void triggerShutdown() {
        stop.raise();
    }

    /** The source ignored its stop signal past the deadline: interrupt it. */
    @Override
    public void abort() {
        log.warn("source {} did not stop in time; interrupting it", source.name());
        interruptThread();
    }

    /** The channel the source writes to; a successor after a reload writes to the same. */
    public Channel channel() {
        return channel;
    }

    public String sourceName() {
        return source.name();
    }
}

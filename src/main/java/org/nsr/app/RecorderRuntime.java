package org.nsr.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.nsr.config.ConfigException;
import org.nsr.config.Durations;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.config.SourceTypeRegistry;
import org.nsr.core.SignalStop;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.ServiceManager;
import org.nsr.lifecycle.ServiceStartException;
import org.nsr.metrics.HealthReporter;
import org.nsr.metrics.Metrics;
import org.nsr.metrics.StatsLine;
import org.nsr.metrics.StatsLog;
import org.nsr.redis.RedisEndpoint;
import org.nsr.server.ListenException;
import org.nsr.sink.SinkFactory;
import org.nsr.sink.Syncer;
import org.nsr.sink.redis.RedisSinkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nsr record} as a process: the recorder with its output-directory lock, metrics endpoint,
 * stats line and supervision, all services of one {@link ServiceManager}, and the control loop
 * that turns signals into a stop or a reload.
 *
 * <p>Threading: {@link #run} is the control thread; signals, supervision and the run-for timer
 * only post requests to it.
 */
public final class RecorderRuntime {
    private static final Logger log = LoggerFactory.getLogger(RecorderRuntime.class);
    private static final Duration SUPERVISION_PERIOD = Duration.ofSeconds(1);

    /** How the run ended: the command turns it into an exit code. */
    public enum Outcome { CLEAN, FAILED }

    /** What the control loop is asked to do. */
    private enum Request { STOP, RELOAD, FAILED, RESUME }

    private final RecorderConfig config;
    private final SourceTypeRegistry types;
    private final Ticker ticker;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    public RecorderRuntime(RecorderConfig config, SourceTypeRegistry types, Ticker ticker) {
        this.config = config;
        this.types = types;
        this.ticker = ticker;
    }

    /**
     * Records until SIGTERM/SIGINT, {@code limit} (null for none), or a broken service.
     *
     * @throws ConfigException when the directory or the endpoint cannot be used as configured
     */
    public Outcome run(Duration limit) throws Exception {
        StopSignal stop = new StopSignal();
        AtomicReference<String> signal = new AtomicReference<>();
        SignalStop.install(stop, signal);
        Thread stopForwarder = new Thread(() -> {
            try {
                stop.awaitForever();
                requests.add(Request.STOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "signal-stop");
        stopForwarder.setDaemon(true);
        stopForwarder.start();
        SignalStop.onSignal("HUP", () -> requests.add(Request.RELOAD));

        Metrics metrics = new Metrics();
        ServiceManager manager = new ServiceManager(ticker);
        RecorderConfig.OpsSettings ops = config.ops();
        List<SinkFactory> sinkTypes = new ArrayList<>(BuiltInSinkTypes.factories(config));
        LiveDashboard live = LiveDashboard.create(ops.dashboard(), ops.detect(), ticker, metrics, config.outputDir(),
                firstRedisSink(config));
        if (live != null) {
            sinkTypes.add(live.taps);
            manager.add(Layers.TAPS, live.feed);
            if (live.alertStream != null) {
                manager.add(Layers.ENDPOINT, live.alertStream);
            }
            if (live.dashboard != null) {
                manager.add(Layers.ENDPOINT, live.dashboard);
            }
        }
        Recorder recorder = new Recorder(config, ticker, metrics, manager, sinkTypes, Syncer.FORCE);
        manager.add(Layers.LOCK, new OutputDirLockService(config.outputDir()));
        if (ops.metricsListen() != null) {
            HealthReporter health = new HealthReporter(manager, recorder::problems, metrics, ops.failingThreshold(),
                    ticker.asClock());
            manager.add(Layers.ENDPOINT, new MetricsEndpointService(ops.metricsListen(), ops.metricsToken(), metrics,
                    health));
        }
        manager.add(Layers.MONITORS, new PeriodicService("stats line", ops.statsInterval(), ticker,
                () -> log.info(StatsLine.format(metrics))));
        if (ops.statsLog() != null) {
            StatsLog statsLog = new StatsLog(ops.statsLog().file(), ops.statsLog().keepDays(), metrics);
            manager.add(Layers.MONITORS, new PeriodicService("stats log", ops.statsInterval(), ticker,
                    () -> statsLog.append(ticker.asClock().instant())));
        }
        manager.add(Layers.MONITORS, new PeriodicService("supervision", SUPERVISION_PERIOD, ticker, () -> {
            requests.add(recorder.failure() != null ? Request.FAILED : Request.RESUME);
        }));
        try {
            recorder.start();
        } catch (ServiceStartException e) {
            if (e.getCause() instanceof ConfigException user) {
                throw user; // a setting the user can fix: exit 2
            }
            if (e.getCause() instanceof ListenException busy) {
                throw busy; // a taken port: exit 1, the service manager retries
            }
            throw e;
        }
        boolean failed = controlLoop(recorder, limit);
        boolean clean = recorder.stop(config.stopTimeout());
        recorder.logSummary();
        if (!clean) {
            log.error("stop did not complete within stop_timeout {}; leftover files are recovered at next start",
                    Durations.format(config.stopTimeout()));
        } else {
            log.info("stopped cleanly{}: every accepted record is archived",
                    signal.get() == null ? "" : " after " + signal.get());
        }
        log.info(StatsLine.format(metrics));
        return clean && !failed ? Outcome.CLEAN : Outcome.FAILED;
    }

    /** The server of the first Redis sink (a {@code redis_sink:} or a sinks: entry), where alerts go too; null when none. */
    static RedisEndpoint firstRedisSink(RecorderConfig config) {
        for (var sink : config.sinks()) {
            if (sink instanceof RedisSinkSpec redis) {
                return redis.endpoint();
            }
        }
        return null;
    }

    /** @return true if the loop ended because something broke */
    private boolean controlLoop(Recorder recorder, Duration limit) throws Exception {
        long deadline = limit == null ? Long.MAX_VALUE : ticker.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - ticker.nanoTime();
            if (left <= 0) {
                return false;
            }
            Request r = requests.poll(left, TimeUnit.NANOSECONDS);
            if (r == null || r == Request.STOP) {
                if (r == Request.STOP) {
                    return false;
                }
                continue;
            }
            switch (r) {
                case RELOAD -> reload(recorder);
                case RESUME -> recorder.resumePendingRestarts();
                case FAILED -> {
                    log.error("{}; stopping with exit 1 so the service manager restarts the recorder "
                            + "(recovery publishes what the writer left)", recorder.failure());
                    return true;
                }
                default -> throw new IllegalStateException("unexpected request " + r);
            }
        }
    }

    private void reload(Recorder recorder) throws Exception {
        Path file = recorder.config().configFile();
        if (file == null) {
            log.warn("SIGHUP: this recording has no setting file to reload; nothing changed");
            return;
        }
        RecorderConfig next;
        try {
            next = RecorderConfigLoader.load(file, types);
        } catch (ConfigException e) {
            log.error("SIGHUP: reload of {} refused, the running config stays in place: {}", file, e.getMessage());
            return;
        }
        try {
            log.info("SIGHUP: {}", recorder.reload(next, recorder.config().stopTimeout()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | Error e) {
            // A reload must never take the recording down with it: what was running keeps running.
            log.error("SIGHUP: reload of {} failed part-way; sources not yet changed keep running", file, e);
        }
    }
}

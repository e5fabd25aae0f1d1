package org.nsr.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.redis.RedisEndpoint;
import org.nsr.redis.RedisUnavailableException;
import org.nsr.redis.StreamEntry;
import org.nsr.redis.StreamWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the detector's alerts to the Redis stream {@value #STREAM}: one entry when an alert is raised
 * ({@code event=raised}) and one when it ends ({@code event=ended}, with its final last record time),
 * with the fields {@code rule, key, window, metric, threshold, first_ms, last_ms, first, last}.
 * The detector offers alerts under its lock, so they wait in a bounded queue of {@value #QUEUE}
 * for this service's thread; a full queue drops the alert and counts it, as does a batch Redis does
 * not take within {@value #RETRY_SECONDS} s ({@code nsr_detect_alerts_unsent_total{reason}}). The
 * alerts are in the log either way.
 */
public final class AlertStream extends AbstractExecutionThreadService {
    public static final String STREAM = "alerts";
    static final int QUEUE = 1000;
    static final int RETRY_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(AlertStream.class);
    private static final long MAX_LEN = 100_000;

    private record Event(String kind, Alert alert) {
    }

    private final RedisEndpoint endpoint;
    private final StopSignal stop = new StopSignal();
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
    private final StreamWriter writer;
    private final Counter sent;
    private final Counter queueFull;
    private final Counter unreachable;

    public AlertStream(RedisEndpoint endpoint, Detector detector, Metrics metrics) {
        super("alerts to redis");
        this.endpoint = endpoint;
        this.writer = new StreamWriter(endpoint, STREAM, MAX_LEN, Ticker.SYSTEM, Duration.ofSeconds(RETRY_SECONDS));
        this.sent = metrics.counter("nsr_detect_alerts_sent_total", "Alert events added to the Redis stream alerts");
        String help = "Alert events not added to the Redis stream alerts, by reason";
        this.queueFull = metrics.counter("nsr_detect_alerts_unsent_total", help, "reason", "queue_full");
        this.unreachable = metrics.counter("nsr_detect_alerts_unsent_total", help, "reason", "redis_unavailable");
        detector.onAlert(a -> offer("raised", a));
        detector.onEnded(a -> offer("ended", a));
    }

    private void offer(String kind, Alert a) {
        if (!queue.offer(new Event(kind, a))) {
            queueFull.increment();
            log.warn("alert {} on {} ({}) not sent to Redis: {} alerts wait already (counted in "
                    + "nsr_detect_alerts_unsent_total)", a.rule(), a.key(), kind, QUEUE);
        }
    }

    static Map<String, String> fields(String kind, Alert a) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("event", kind);
        f.put("rule", a.rule());
        f.put("key", a.key());
        f.put("window", a.window());
        f.put("metric", Long.toString((long) a.metric()));
        f.put("threshold", Long.toString((long) a.threshold()));
        f.put("first_ms", Long.toString(a.firstMs()));
        f.put("last_ms", Long.toString(a.lastMs()));
        f.put("first", Instant.ofEpochMilli(a.firstMs()).toString());
        f.put("last", Instant.ofEpochMilli(a.lastMs()).toString());
        return f;
    }

    @Override
    protected void run() throws InterruptedException {
        List<Event> batch = new ArrayList<>();
        while (!stop.isRaised() || !queue.isEmpty()) {
            Event first = queue.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, 99);
            List<StreamEntry> entries = batch.stream().map(e -> new StreamEntry(fields(e.kind(), e.alert()))).toList();
            try {
                writer.add(entries, stop);
                sent.add(entries.size());
            } catch (RedisUnavailableException e) {
                unreachable.add(entries.size());
                log.warn("{} alert events not sent to Redis at {}: {} (counted in nsr_detect_alerts_unsent_total)",
                        entries.size(), endpoint.address(), e.getMessage());
            } catch (InterruptedException e) {
                unreachable.add(entries.size());
                log.warn("{} alert events not sent to Redis at {}: stopped while retrying", entries.size(),
                        endpoint.address());
                return;
            }
        }
    }

    @Override
    protected void triggerShutdown() {
        stop.raise();
    }

    @Override
    protected void shutDown() {
        writer.close();
    }
}

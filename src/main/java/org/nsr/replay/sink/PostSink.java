package org.nsr.replay.sink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each record, as its JSON line, to one URL, one request at a time and in replay order.
 *
 * <p>A connection error, a timeout, 429 or a 5xx is retried after an exponential backoff
 * ({@code initialBackoff}, doubling, capped at {@code maxBackoff}) up to {@code maxAttempts}
 * attempts in all; any other status below 200 or from 300 up is not retried. A record that still
 * fails is counted and logged and the replay goes on. Waits go through the injected
 * {@link Ticker} (ended early by the stop signal). Uses the JDK HTTP client, so OkHttp stays inside {@code org.nsr.source.http}.
 */
public final class PostSink implements RecordSink {
    private static final Logger LOG = LoggerFactory.getLogger(PostSink.class);
    private static final int WARN_LIMIT = 10;

    /** Retry and timeout limits of the POST sink. */
    public record Settings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
        public static Settings defaults() {
            return new Settings(5, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(10));
        }
    }

    private final URI url;
    private final Settings settings;
    private final HttpClient client;
    private final Ticker ticker;
    private final StopSignal stop;
    private final Counter posted;
    private final Counter retries;
    private final Counter failed;

    public PostSink(URI url, Settings settings, Ticker ticker, StopSignal stop, Metrics metrics) {
        this.url = url;
        this.settings = settings;
        this.ticker = ticker;
        this.stop = stop;
        this.client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        this.posted = metrics.counter("nsr_replay_post_total", "Records POSTed by replay, by outcome", "outcome", "ok");
        this.retries = metrics.counter("nsr_replay_post_retries_total", "POST attempts repeated after a failure");
        this.failed = metrics.counter("nsr_replay_post_total", "Records POSTed by replay, by outcome",
                "outcome", "failed");
    }

    @Override
    public void accept(RecordView r) throws IOException {
        byte[] body = Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.length());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long backoff = settings.initialBackoff().toNanos();
        String lastProblem = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                retries.increment();
                try {
                    if (ticker.await(stop, Duration.ofNanos(backoff))) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
            }
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    posted.increment();
                    return;
                }
                lastProblem = "HTTP " + status;
                if (status != 429 && status < 500) {
                    break;
                }
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastProblem = "interrupted";
                break;
            }
        }
        failed.increment();
        if (failed.get() <= WARN_LIMIT) {
            LOG.warn("POST of the {} record at {} ns to {} failed: {}{}", r.source(), r.timestampNanos(), url,
                    lastProblem, failed.get() == WARN_LIMIT ? " (further failures are logged at DEBUG)" : "");
        } else {
            LOG.debug("POST of the {} record at {} ns to {} failed: {}", r.source(), r.timestampNanos(), url, lastProblem);
        }
    }

    @Override
    public void flush() {
        // every record is sent synchronously
    }

    @Override
    public long failures() {
        return failed.get();
    }

    @Override
    public String summary() {
        return "POST " + url + ": " + posted.get() + " records posted, " + failed.get() + " failed after up to "
                + settings.maxAttempts() + " attempts, " + retries.get() + " retries";
    }

    @Override
    public void close() {
        // the JDK client in Java 17 has no close; its threads are daemons
    }
}

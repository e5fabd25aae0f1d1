package org.nsr.source.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.channel.Channel;
import org.nsr.core.Ticker;
import org.nsr.source.Schedule;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one URL with GET on a wall-clock aligned schedule and puts one record per successful poll.
 *
 * <p>A failed poll (see {@link FailureKind}) never ends the source: it is counted, logged once per
 * streak, optionally written as an error line, and the next tick polls again. This holds from the
 * first tick: if the server is not up at start, the source logs it and keeps trying.
 *
 * <p>Timestamp: every line carries the clock reading taken just before the request was sent, in
 * epoch milliseconds. That is the moment the state was asked for; the response time would move
 * with server and network latency, and the nominal tick would hide jitter and late starts.
 *
 * <p>Threading: {@link #run} runs on the recorder's thread for this source and makes blocking
 * calls on it; no helper threads. At stop, a poll already sent completes (bounded by the call,
 * connect and read timeouts) and its record is put before {@code run} returns.
 */
public final class HttpSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);
    private static final int ERROR_SNIPPET_BYTES = 200;

    private final HttpSourceSpec spec;
    private final OkHttpClient client;
    private final Request request;
    private final Clock clock;
    private final Ticker ticker;
    private final Metrics metrics;
    private final Counter records;
    private final Counter bytes;
    private final Counter polls;
    private final FailureTracker failures;

    HttpSource(HttpSourceSpec spec, OkHttpClient shared, SourceContext context) {
        this.spec = spec;
        this.client = shared.newBuilder()
                .connectTimeout(spec.connectTimeout())
                .readTimeout(spec.readTimeout())
                .callTimeout(spec.callTimeout())
                .build();
        Request.Builder rb = new Request.Builder().url(spec.url()).get();
        spec.headers().forEach(rb::header);
        this.request = rb.build();
        this.clock = context.clock();
        this.ticker = context.ticker();
        this.metrics = context.metrics();
        String name = spec.name();
        this.records = metrics.counter("nsr_source_records_total", "Records a source put on its queue", "source", name);
        this.bytes = metrics.counter("nsr_source_bytes_total", "Bytes of the record lines a source produced", "source", name);
        this.polls = metrics.counter("nsr_source_polls_total", "Polls, by result (ok or failed)", "source", name,
                "result", "ok");
        this.failures = new FailureTracker(name, spec.url(), clock, metrics);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public void run(Channel out, StopSignal stop) throws InterruptedException {
        Schedule schedule = new Schedule(spec.name(), spec.interval(), spec.jitter(), ticker, bound -> ThreadLocalRandom.current().nextLong(bound),
                metrics.counter("nsr_source_skipped_ticks_total",
                        "Ticks skipped because a poll overran its interval", "source", spec.name()));
        LOG.info("source {}: polling {} every {} ms (wrap {}, timeouts connect/read/call {}/{}/{} ms, max body {} bytes)",
                spec.name(), spec.url(), spec.interval().toMillis(), spec.wrap().configName(),
                spec.connectTimeout().toMillis(), spec.readTimeout().toMillis(), spec.callTimeout().toMillis(),
                spec.maxBodyBytes());
        while (schedule.awaitNextTick(stop) >= 0) {
            HttpPollRecord record = pollOnce();
            if (record != null) {
                if (LOG.isDebugEnabled()) LOG.debug("source {}: poll gave a {} byte record for {}", spec.name(), record.length(), out.name());
                out.put(record);
                records.increment();
                bytes.add(record.length());
            }
        }
        LOG.info("source {}: stopped ({} successful polls, {} ticks skipped)", spec.name(), polls.get(),
                schedule.skippedTicks());
    }

    /**
     * One GET: returns the record line, the error line when the poll failed and record_errors is
     * on, or null when it failed and errors are not recorded.
     */
    HttpPollRecord pollOnce() throws InterruptedException {
        long startMillis = ticker.epochMillis();
        PollFailure failure;
        try (Response response = client.newCall(request).execute()) {
            failure = check(response);
            if (failure == null) {
                ResponseBody body = response.body();
                long length = body.contentLength();
                if (length > spec.maxBodyBytes()) {
                    failure = new PollFailure(FailureKind.TOO_LARGE, "Content-Length " + length
                            + " exceeds max_body_bytes " + spec.maxBodyBytes(), response.code(), null);
                } else {
                    InputStream in = new LimitedInputStream(body.byteStream(), spec.maxBodyBytes());
                    HttpPollRecord record = JsonLineEncoder.encode(in, startMillis, spec.wrap(), spec.field(), length);
                    polls.increment();
                    failures.succeeded();
                    return record;
                }
            }
        } catch (BodyTooLargeException e) {
            failure = new PollFailure(FailureKind.TOO_LARGE, e.getMessage(), 200, null);
        } catch (JsonProcessingException e) {
            failure = new PollFailure(FailureKind.MALFORMED_JSON, "body is not valid JSON: " + e.getOriginalMessage()
                    + " at " + location(e), 200, null);
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("source " + spec.name() + " interrupted during a poll");
            }
            failure = new PollFailure(FailureKind.TIMEOUT, "timed out: " + e, null, e);
        } catch (IOException e) {
            failure = new PollFailure(FailureKind.CONNECT, "request failed: " + e, null, e);
        }
        failures.failed(failure);
        return spec.recordErrors()
                ? JsonLineEncoder.errorLine(startMillis, failure.kind(), failure.message(), failure.status())
                : null;
    }

    private PollFailure check(Response response) {
        if (!response.isSuccessful()) {
            return new PollFailure(FailureKind.HTTP_STATUS, "HTTP " + response.code() + " "
                    + response.message() + snippet(response), response.code(), null);
        }
        MediaType type = response.body().contentType();
        if (type != null && !isJson(type)) {
            return new PollFailure(FailureKind.CONTENT_TYPE, "Content-Type " + type
                    + " is not JSON; expected application/json or */*+json", response.code(), null);
        }
        return null;
    }

    private static boolean isJson(MediaType type) {
        String sub = type.subtype();
        return sub.equals("json") || sub.endsWith("+json");
    }

    private static String snippet(Response response) {
        try {
            String text = response.peekBody(ERROR_SNIPPET_BYTES).string().strip();
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return " (body unreadable: " + e + ")";
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "unknown position"
                : "byte " + e.getLocation().getByteOffset();
    }
}

package org.nsr.replay.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nsr.metrics.Metrics;
import org.nsr.replay.RecordView;
import org.nsr.replay.RecordingFile;
import org.nsr.core.StopSignal;
import org.nsr.testing.FakeTicker;

class PostSinkTest {
    private final MockWebServer server = new MockWebServer();
    private final FakeTicker clock = FakeTicker.advancingOnAwait(java.time.Instant.parse("2026-11-23T10:00:00Z"));
    private final StopSignal stop = new StopSignal();
    private final Metrics metrics = new Metrics();

    @BeforeEach
    void start() throws Exception {
        server.start(0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private PostSink sink(int attempts) {
        return new PostSink(server.url("/ingest").uri(),
                new PostSink.Settings(attempts, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5)),
                clock, stop, metrics);
    }

    static RecordView record(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new RecordView() {
            public String source() {
                return "flowinfo";
            }

            public long timestampNanos() {
                return 1L;
            }

            public byte[] array() {
                return b;
            }

            public int offset() {
                return 0;
            }

            public int length() {
                return b.length;
            }

            public RecordingFile file() {
                return new RecordingFile(Path.of("x"), null, null, 0);
            }
        };
    }

    @Test
    void eachRecordIsPostedAsJson() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        PostSink sink = sink(3);
        sink.accept(record("{\"timestamp\":5,\"a\":1}"));
        RecordedRequest req = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("POST", req.getMethod());
        assertEquals("/ingest", req.getPath());
        assertTrue(req.getHeader("Content-Type").startsWith("application/json"));
        assertEquals("{\"timestamp\":5,\"a\":1}", req.getBody().readUtf8());
        assertEquals(0, sink.failures());
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoffUntilOneSucceeds() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(200));
        PostSink sink = sink(5);
        sink.accept(record("{\"timestamp\":5}"));
        assertEquals(3, server.getRequestCount());
        assertEquals(0, sink.failures());
        assertEquals(java.util.List.of(100_000_000L, 200_000_000L), clock.waits());
        assertEquals(2, metrics.value("nsr_replay_post_retries_total"));
    }

    @Test
    void aRecordThatKeepsFailingIsCountedAfterTheLastAttemptAndReplayGoesOn() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }
        server.enqueue(new MockResponse().setResponseCode(200));
        PostSink sink = sink(4);
        sink.accept(record("{\"timestamp\":1}"));
        assertEquals(1, sink.failures());
        assertEquals(java.util.List.of(100_000_000L, 200_000_000L, 300_000_000L), clock.waits());
        sink.accept(record("{\"timestamp\":2}"));
        assertEquals(1, sink.failures());
        assertEquals(5, server.getRequestCount());
        assertTrue(sink.summary().contains("1 failed"), sink.summary());
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(400));
        PostSink sink = sink(5);
        sink.accept(record("{\"timestamp\":1}"));
        assertEquals(1, server.getRequestCount());
        assertEquals(1, sink.failures());
        assertTrue(clock.waits().isEmpty());
    }

    @Test
    void aStopEndsTheBackOffAndTheRecordIsCountedAsFailed() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setResponseCode(200));
        PostSink sink = sink(5);
        stop.raise(); // Ctrl-C while a retry waits: no further attempt
        sink.accept(record("{\"timestamp\":1}"));
        assertEquals(1, server.getRequestCount());
        assertEquals(1, sink.failures());
        assertTrue(clock.waits().isEmpty(), "the back-off did not wait: " + clock.waits());
    }
}

package org.nsr.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every failure kind is counted, polling goes on, and the next good response is recorded. */
class HttpSourceFailureTest {
    private static final String GOOD = "[{\"src_ip\":16885952,\"rate\":1.5e3}]";
    private static final String GOOD_LINE_TAIL = ",\"test\":[{\"src_ip\":16885952,\"rate\":1.5e3}]}";

    private final MockWebServer server = new MockWebServer();
    private SourceHarness harness;

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
        server.shutdown();
    }

    static MockResponse good() {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(GOOD);
    }

    static HttpSourceSpec spec(String url, long maxBody, boolean recordErrors) {
        return new HttpSourceSpec("test", url, Duration.ofMillis(20), Duration.ZERO, Duration.ofMillis(500),
                Duration.ofMillis(300), Duration.ofSeconds(2), maxBody, Map.of(), BodyWrap.FIELD, "test",
                recordErrors);
    }

    private void startWith(MockResponse... first) throws IOException {
        server.setDispatcher(new ScriptedDispatcher(HttpSourceFailureTest::good, first));
        server.start(InetAddress.getLoopbackAddress(), 0);
        harness = new SourceHarness(spec(server.url("/ndt/data").toString(), 1000, false));
    }

    /** The failure was counted once, the good line that followed was recorded, and polling carried on. */
    private void assertRecoveredFrom(String kind) throws Exception {
        List<String> lines = harness.awaitLines(3);
        assertTrue(lines.get(0).startsWith("{\"timestamp\":"), lines.get(0));
        assertTrue(lines.get(0).endsWith(GOOD_LINE_TAIL), lines.get(0));
        assertEquals(1.0, harness.failures(kind), "failures of kind " + kind);
        assertEquals(1.0, harness.metrics.sum("nsr_source_poll_failures_total", "source", "test"), "all failures");
        assertEquals(1.0, harness.metrics.value("nsr_source_polls_total", "source", "test", "result", "failed"),
                "a failed poll is a poll with result=failed");
        assertTrue(harness.polls() >= 3, "polling continued after the failure");
        assertEquals(0.0, harness.metrics.value("nsr_source_failing_since_timestamp_seconds", "source", "test"));
        assertTrue(harness.metrics.value("nsr_source_last_success_timestamp_seconds", "source", "test") > 0);
    }

    @Test
    void serverErrorIsCountedAndPollingContinues() throws Exception {
        startWith(new MockResponse().setResponseCode(500)
                .setBody("{\"error\": \"Internal server error\", \"details\": \"boom\"}"));
        assertRecoveredFrom("http_status");
    }

    @Test
    void stalledBodyTimesOutAndPollingContinues() throws Exception {
        startWith(good().setBodyDelay(3, TimeUnit.SECONDS));
        assertRecoveredFrom("timeout");
    }

    @Test
    void stalledHeadersTimeOutAndPollingContinues() throws Exception {
        startWith(good().setHeadersDelay(3, TimeUnit.SECONDS));
        assertRecoveredFrom("timeout");
    }

    @Test
    void connectionRefusedAtStartIsRetriedUntilTheServerComesUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/ndt/data";
        harness = new SourceHarness(spec(url, 1000, false));
        SourceHarness.awaitTrue("two refused polls", () -> harness.failures("connect") >= 2);
        assertEquals(0.0, harness.polls());
        assertTrue(harness.metrics.value("nsr_source_failing_since_timestamp_seconds", "source", "test") > 0);
        server.setDispatcher(new ScriptedDispatcher(HttpSourceFailureTest::good));
        server.start(InetAddress.getLoopbackAddress(), port);
        List<String> lines = harness.awaitLines(2);
        assertTrue(lines.get(0).endsWith(GOOD_LINE_TAIL), lines.get(0));
        assertEquals(0.0, harness.metrics.value("nsr_source_failing_since_timestamp_seconds", "source", "test"));
    }

    @Test
    void connectionResetIsCountedAndPollingContinues() throws Exception {
        startWith(good().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        assertRecoveredFrom("connect");
    }

    @Test
    void connectionDroppedDuringTheBodyIsCountedAndPollingContinues() throws Exception {
        startWith(good().setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        assertRecoveredFrom("connect");
    }

    @Test
    void malformedJsonIsCountedAndPollingContinues() throws Exception {
        startWith(good().setBody("[{\"src_ip\": 1,"));
        assertRecoveredFrom("malformed_json");
    }

    @Test
    void trailingGarbageAfterTheJsonIsMalformed() throws Exception {
        startWith(good().setBody("[1,2] [3]"));
        assertRecoveredFrom("malformed_json");
    }

    @Test
    void bodyOverMaxBodyBytesIsRefusedAndPollingContinues() throws Exception {
        startWith(good().setBody("[" + "1,".repeat(600) + "1]"));
        assertRecoveredFrom("too_large");
    }

    @Test
    void chunkedBodyOverMaxBodyBytesIsStoppedWhileStreaming() throws Exception {
        startWith(good().setChunkedBody("[" + "1,".repeat(600) + "1]", 64));
        assertRecoveredFrom("too_large");
    }

    @Test
    void nonJsonContentTypeIsRefusedAndPollingContinues() throws Exception {
        startWith(new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>kernel</html>"));
        assertRecoveredFrom("content_type");
    }

    @Test
    void failuresWrittenAsErrorLinesWhenRecordErrorsIsOn() throws Exception {
        server.setDispatcher(new ScriptedDispatcher(HttpSourceFailureTest::good,
                new MockResponse().setResponseCode(503).setBody("down \"for\" maintenance"),
                good().setBody("{oops")));
        server.start(InetAddress.getLoopbackAddress(), 0);
        harness = new SourceHarness(spec(server.url("/x").toString(), 1000, true));
        List<String> lines = harness.awaitLines(3);
        assertTrue(lines.get(0).matches("\\{\"timestamp\":\\d+,\"error\":\\{\"kind\":\"http_status\","
                + "\"message\":\"HTTP 503 Server Error: down \\\\\"for\\\\\" maintenance\",\"status\":503}}"), lines.get(0));
        assertTrue(lines.get(1).matches("\\{\"timestamp\":\\d+,\"error\":\\{\"kind\":\"malformed_json\","
                + "\"message\":\"body is not valid JSON: .*\",\"status\":200}}"), lines.get(1));
        assertTrue(lines.get(2).endsWith(GOOD_LINE_TAIL), lines.get(2));
        assertEquals(1.0, harness.failures("http_status"));
        assertEquals(1.0, harness.failures("malformed_json"));
        assertTrue(harness.timestamps.get(0) < harness.timestamps.get(1));
    }

    @Test
    void timeoutErrorLineHasNullStatus() throws Exception {
        server.setDispatcher(new ScriptedDispatcher(HttpSourceFailureTest::good,
                good().setSocketPolicy(SocketPolicy.NO_RESPONSE)));
        server.start(InetAddress.getLoopbackAddress(), 0);
        harness = new SourceHarness(spec(server.url("/x").toString(), 1000, true));
        List<String> lines = harness.awaitLines(2);
        assertTrue(lines.get(0).matches("\\{\"timestamp\":\\d+,\"error\":\\{\"kind\":\"timeout\",\"message\":\".*\",\"status\":null}}"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith(GOOD_LINE_TAIL), lines.get(1));
    }
}

package org.nsr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsr.lifecycle.Service;

/** The shared server base on a real port: limits, token, timeouts, lifecycle. */
class HttpServerBaseTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServerBase server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpServerBase start(HttpServerSettings.Builder settings, HttpHandler handler) throws IOException {
        server = new HttpServerBase(settings.build(), handler).start();
        return server;
    }

    private static HttpReply echoBody(HttpCall call) throws IOException {
        return HttpReply.text(200, "text/plain", call.method() + " " + call.path() + " " + call.body().length);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path));
    }

    @Test
    void aServerIsAServiceThatBindsLoopbackByDefaultAndStopsCleanly() throws Exception {
        HttpServerBase s = new HttpServerBase(HttpServerSettings.builder("t").build(), HttpServerBaseTest::echoBody);
        assertEquals(Service.State.NEW, s.state());
        s.startAsync().awaitRunning();
        server = s;
        assertEquals(Service.State.RUNNING, s.state());
        assertTrue(s.url().startsWith("http://127.0.0.1:"), s.url());
        assertEquals(200, send(request("/x")).statusCode());
        int port = s.port();

        s.stopAsync();
        assertTrue(s.awaitTerminated(Duration.ofSeconds(10)), "stopped in time");
        assertEquals(Service.State.TERMINATED, s.state(), () -> String.valueOf(s.failureCause()));
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "the port is released");
        long left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("t-http")).count();
        assertTrue(left == 0 || waitForThreads("t-http"), "every server thread ended");
    }

    @Test
    void aRequestHeaderOverTheLimitGets431AndIsCounted() throws Exception {
        start(HttpServerSettings.builder("t").maxHeaderBytes(1024), HttpServerBaseTest::echoBody);
        HttpResponse<String> small = send(request("/x").header("X-Pad", "a".repeat(500)));
        assertEquals(200, small.statusCode());

        HttpResponse<String> big = send(request("/x").header("X-Pad", "a".repeat(2000)));

        assertEquals(431, big.statusCode());
        assertEquals(1, server.stats().headerTooLarge());
        assertEquals(200, send(request("/x")).statusCode(), "the server goes on serving");
    }

    @Test
    void aBodyOverTheLimitGets413WhetherDeclaredOrChunked() throws Exception {
        start(HttpServerSettings.builder("t").maxBodyBytes(1000), HttpServerBaseTest::echoBody);
        assertEquals("POST /in 1000", send(request("/in").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])))
                .body());

        HttpResponse<String> declared = send(request("/in").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1001])));
        assertEquals(413, declared.statusCode());
        // A publisher of unknown length makes the client send the body chunked, with no Content-Length.
        byte[] big = new byte[5000];
        HttpResponse<String> chunked = send(request("/in").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big))));
        assertEquals(413, chunked.statusCode());
        assertEquals(2, server.stats().bodyTooLarge());
        assertEquals(200, send(request("/in")).statusCode());
    }

    @Test
    void withATokenARequestWithoutItGets401BeforeTheHandlerRuns() throws Exception {
        int[] handled = new int[1];
        start(HttpServerSettings.builder("t").bearerToken("a-long-random-secret"), call -> {
            handled[0]++;
            return HttpReply.text(200, "text/plain", "ok");
        });

        HttpResponse<String> none = send(request("/x"));
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"nsr\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, send(request("/x").header("Authorization", "Bearer a-long-random-secreT")).statusCode());
        assertEquals(0, handled[0], "no handler ran without the token");

        assertEquals(200, send(request("/x").header("Authorization", "Bearer a-long-random-secret")).statusCode());
        assertEquals(1, handled[0]);
        assertEquals(2, server.stats().unauthorized());
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(HttpServerSettings.builder("t").idleTimeout(Duration.ofMillis(300)).headerTimeout(Duration.ofSeconds(30)),
                HttpServerBaseTest::echoBody);
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            long t0 = System.nanoTime();
            SlowClients.awaitClosedByServer(idle, 10_000);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 250 && ms < 5_000, "closed after the 300 ms idle timeout, took " + ms + " ms");
        }
    }

    @Test
    void aHeaderDribbledByteByByteIsCutOffAtTheHeaderTimeoutThoughTheIdleTimeoutIsLonger() throws Exception {
        start(HttpServerSettings.builder("t").headerTimeout(Duration.ofMillis(400)).idleTimeout(Duration.ofSeconds(30)),
                HttpServerBaseTest::echoBody);
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            slow.setSoTimeout(50);
            long t0 = System.nanoTime();
            byte[] header = SlowClients.HALF_HEADER.getBytes(StandardCharsets.US_ASCII);
            boolean closed = false;
            // One byte every 50 ms keeps the idle timeout from ever firing; only the header timeout can end it.
            for (int i = 0; i < 200 && !closed; i++) {
                try {
                    slow.getOutputStream().write(header[i % header.length] == '\n' ? 'X' : header[i % header.length]);
                    slow.getOutputStream().flush();
                    closed = slow.getInputStream().read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing from the server yet; send the next byte
                } catch (IOException reset) {
                    closed = true;
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(closed, "the dribbling connection was closed");
            assertTrue(ms >= 350 && ms < 5_000, "closed after the 400 ms header timeout, took " + ms + " ms");
            assertEquals(1, server.stats().headerTimeouts());
        }
    }

    @Test
    void aKeptAliveConnectionMayWaitBetweenRequestsLongerThanTheHeaderTimeout() throws Exception {
        start(HttpServerSettings.builder("t").headerTimeout(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(30)),
                HttpServerBaseTest::echoBody);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5_000);
            String req = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200"));
            // Silence between requests is the idle timeout's business: wait out several header timeouts.
            s.setSoTimeout(800);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "still open after 800 ms");
            s.setSoTimeout(5_000);
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200"), "the second request is served");
            assertEquals(0, server.stats().headerTimeouts());
        }
    }

    @Test
    void aRequestWaitingForABusyThreadLongerThanTheHeaderTimeoutIsStillServed() throws Exception {
        java.util.concurrent.CountDownLatch firstIn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        start(HttpServerSettings.builder("t").threads(1).headerTimeout(Duration.ofMillis(200)), call -> {
            if (call.path().equals("/slow")) {
                firstIn.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return HttpReply.text(200, "text/plain", call.path());
        });
        java.util.concurrent.CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                request("/slow").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(firstIn.await(10, TimeUnit.SECONDS), "the one handler thread is busy");
        java.util.concurrent.CompletableFuture<HttpResponse<String>> queued = client.sendAsync(
                request("/queued").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        // Several header timeouts pass while the complete request waits in the queue.
        assertThrows(java.util.concurrent.TimeoutException.class, () -> queued.get(700, TimeUnit.MILLISECONDS));
        release.countDown();
        assertEquals("/slow", slow.get(10, TimeUnit.SECONDS).body());
        assertEquals("/queued", queued.get(10, TimeUnit.SECONDS).body(), "a queued request is not a slow header");
        assertEquals(0, server.stats().headerTimeouts());
    }

    @Test
    void aTakenPortIsAListenExceptionOnALocalAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpServerBase s = new HttpServerBase(HttpServerSettings.builder("t")
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())).build(),
                    HttpServerBaseTest::echoBody);
            ListenException e = assertThrows(ListenException.class, s::start);
            assertTrue(e.addressIsLocal(), "the address is this machine's; only the port is taken");
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    e.getMessage());
            assertEquals(Service.State.FAILED, s.state());
        }
    }

    @Test
    void settingsNameTheBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpServerSettings.builder("t").threads(0));
        assertEquals("threads 0 must be from 1 to 256", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpServerSettings.builder("t").bearerToken(" "));
        assertThrows(IllegalArgumentException.class, () -> HttpServerSettings.builder("t").idleTimeout(Duration.ZERO));
    }

    @Test
    void aStreamedReplyReachesTheClientEventByEvent() throws Exception {
        start(HttpServerSettings.builder("t"), call -> HttpReply.stream(200, "text/event-stream", out -> {
            for (int i = 1; i <= 3; i++) {
                out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }));
        HttpResponse<String> r = send(request("/events"));
        assertEquals(200, r.statusCode());
        assertEquals("data: 1\n\ndata: 2\n\ndata: 3\n\n", r.body());
    }

    @Test
    void largeRepliesOnManyThreadsAtOnceReserveNoDirectMemoryOfTheirSize() throws Exception {
        int threads = 8;
        byte[] body = new byte[8 << 20];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        java.util.concurrent.CountDownLatch allIn = new java.util.concurrent.CountDownLatch(threads);
        start(HttpServerSettings.builder("t").threads(threads), call -> {
            allIn.countDown(); // every handler thread writes its own large reply
            allIn.await(10, TimeUnit.SECONDS);
            return HttpReply.of(200, "application/octet-stream", body);
        });
        long before = directMemory();
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            replies.add(client.sendAsync(request("/big").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (var r : replies) {
            HttpResponse<byte[]> reply = r.get(30, TimeUnit.SECONDS);
            assertEquals(200, reply.statusCode());
            assertTrue(Arrays.equals(body, reply.body()), "the whole body arrives unchanged");
        }
        long grown = directMemory() - before;
        // written whole, each thread would keep a temporary direct buffer of up to 8 MiB: 64 MiB in all
        assertTrue(grown < body.length, "direct memory grew by " + grown + " bytes");
    }

    private static long directMemory() {
        return java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().filter(b -> b.getName().equals("direct")).mapToLong(b -> b.getTotalCapacity()).sum();
    }

    private static String readResponse(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!sb.toString().contains("\r\n\r\n") || !complete(sb.toString())) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    private static boolean complete(String response) {
        int headerEnd = response.indexOf("\r\n\r\n");
        String lengthLine = Arrays.stream(response.substring(0, headerEnd).split("\r\n"))
                .filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst().orElse("content-length: 0");
        int length = Integer.parseInt(lengthLine.substring(15).trim());
        return response.length() - headerEnd - 4 >= length;
    }

    private static boolean waitForThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive() && t.getName().startsWith(prefix))) {
                return true;
            }
            Thread.sleep(20); // polling with a deadline
        }
        return false;
    }
}

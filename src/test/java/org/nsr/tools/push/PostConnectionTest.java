package org.nsr.tools.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load tool's own keep-alive POST connection, against a real HTTP server on port 0. */
class PostConnectionTest {
    private HttpServer server;
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> auth = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger calls = new AtomicInteger();

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/flows", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            int n = calls.incrementAndGet();
            byte[] answer = (n == 1 ? "{\"error\":\"queue full\"}" : "{\"accepted\":1}").getBytes(StandardCharsets.UTF_8);
            if (n == 1) {
                ex.getResponseHeaders().add("Retry-After", "7");
            }
            ex.sendResponseHeaders(n == 1 ? 503 : 200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void postsBodiesOnOneConnectionAndReadsStatusRetryAfterAndBody() throws IOException {
        URI base = start();
        try (PostConnection c = new PostConnection(base, "secret-token-0123456789")) {
            PostConnection.Answer first = c.post("[1]".getBytes(StandardCharsets.UTF_8));
            assertEquals(503, first.status());
            assertEquals(7, first.retryAfterSeconds());
            assertEquals("{\"error\":\"queue full\"}", first.body());
            for (int i = 0; i < 50; i++) {
                PostConnection.Answer a = c.post(("[" + i + "]").getBytes(StandardCharsets.UTF_8));
                assertEquals(200, a.status());
                assertEquals("{\"accepted\":1}", a.body());
            }
        }
        assertEquals(51, bodies.size());
        assertEquals("[49]", bodies.get(50));
        assertEquals("Bearer secret-token-0123456789", auth.get(0));
    }

    @Test
    void reconnectsWhenTheServerClosedAKeptAliveConnection() throws IOException {
        URI base = start();
        try (PostConnection c = new PostConnection(base, null)) {
            c.post("[0]".getBytes(StandardCharsets.UTF_8));
            server.stop(0); // closes every connection, the kept-alive one too
            int port = base.getPort();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/flows", ex -> {
                byte[] ok = "{\"accepted\":1}".getBytes(StandardCharsets.UTF_8);
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
                ex.close();
            });
            server.start();
            assertEquals(200, c.post("[1]".getBytes(StandardCharsets.UTF_8)).status());
        }
    }

    @Test
    void aServerThatIsNotThereIsAnIoError() throws IOException {
        URI base = start();
        server.stop(0);
        server = null;
        try (PostConnection c = new PostConnection(base, null)) {
            assertThrows(IOException.class, () -> c.post("[0]".getBytes(StandardCharsets.UTF_8)));
        }
    }
}

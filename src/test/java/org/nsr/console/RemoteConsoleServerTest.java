package org.nsr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.ConsoleSettings;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;
import org.nsr.metrics.Metrics;
import org.nsr.testing.RecordingWriter;

class RemoteConsoleServerTest {
    private static final String TOKEN = "0123456789abcdef-token";
    @TempDir
    Path dir;
    private final Metrics metrics = new Metrics();
    private RemoteConsoleServer server;

    @BeforeEach
    void recording() throws Exception {
        long t0 = 1_755_857_592_000_000_000L;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(RecordingWriter.generatorLine(i, t0 + i * 1_000_000L, "10.0.0." + (i % 5), "10.0.1." + (i % 7),
                    1000 + i, 443, 6, 1, 100));
        }
        RecordingWriter.writeZip(dir, LocalDateTime.of(2025, 8, 22, 10, 0), "flows", lines);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stopAsync();
            server.awaitTerminated(Duration.ofSeconds(10));
        }
    }

    private void start(String token, int maxConnections, ConsoleBackend backend) throws Exception {
        server = new RemoteConsoleServer(new ConsoleSettings(new InetSocketAddress("127.0.0.1", 0), token,
                maxConnections, 2), backend, metrics);
        server.startAsync();
        server.awaitRunning();
    }

    /** A raw client: what a script would do with nc. */
    private final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        final OutputStream out;

        Client() throws Exception {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void send(String line) throws Exception {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The reply up to and with its final line. */
        List<String> reply() throws Exception {
            List<String> r = new ArrayList<>();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                r.add(l);
                if (l.startsWith("ok ") || l.startsWith("error: ")) {
                    break;
                }
            }
            return r;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void aFeedQueryOverTcpEqualsLookupForRandomKeys() throws Exception {
        start(null, 4, new RecordingBackend(dir));
        java.util.Random rnd = new java.util.Random(3);
        try (Client c = new Client()) {
            for (int i = 0; i < 10; i++) {
                String ip = "10.0." + rnd.nextInt(2) + "." + rnd.nextInt(8);
                ByteArrayOutputStream want = new ByteArrayOutputStream();
                new Lookup(dir).run(new Lookup.Query(IndexKind.IP, IndexKind.IP.parse(ip), Long.MIN_VALUE,
                        Long.MAX_VALUE, true), want);
                List<String> expected = new ArrayList<>(want.toString(StandardCharsets.UTF_8).lines().toList());
                expected.add("ok " + (expected.size()));
                c.send("query feed index ip \"" + ip + "\"");
                assertEquals(expected, c.reply(), ip);
            }
            c.send("query feed idx ip \"1.2.3.4\"");
            assertEquals(List.of("error: at column 12: expected 'index', got 'idx'"), c.reply());
            c.send("query to_file \"../escape\" index ip \"10.0.0.1\"");
            assertTrue(c.reply().get(0).startsWith("error: at column 16: expected a plain file name"));
            c.send("quit");
            assertEquals(List.of("ok 0"), c.reply());
            assertNull(c.in.readLine(), "quit closes the connection");
        }
        assertTrue(Files.notExists(dir.resolve("escape")));
    }

    @Test
    void aWrongTokenIsRefusedAndCountedAndTheRightOneAdmits() throws Exception {
        start(TOKEN, 4, new RecordingBackend(dir));
        try (Client c = new Client()) {
            c.send("auth not-the-token-at-all");
            assertEquals(List.of("error: auth: expected 'auth TOKEN' with the recorder's console.token as the first "
                    + "line"), c.reply());
            assertNull(c.in.readLine(), "refused connections are closed");
        }
        try (Client c = new Client()) {
            c.send("show stats");
            assertTrue(c.reply().get(0).startsWith("error: auth:"), "a command before auth is refused");
        }
        assertEquals(2, metrics.value("nsr_console_connections_total", "result", "auth_failed"));
        try (Client c = new Client()) {
            c.send("auth " + TOKEN);
            assertEquals(List.of("ok 0"), c.reply());
            c.send("show sources");
            assertEquals("ok 1", c.reply().get(1));
        }
    }

    @Test
    void oneConnectionOverTheBoundIsRefusedWithAMessageAndCounted() throws Exception {
        start(null, 2, new RecordingBackend(dir));
        try (Client a = new Client(); Client b = new Client()) {
            a.send("help quit");
            a.reply();
            b.send("help quit");
            b.reply(); // both are admitted and served
            try (Client c = new Client()) {
                assertEquals("error: console busy: 2 connections open (Recorder.data.console.max_connections)",
                        c.in.readLine());
                assertNull(c.in.readLine());
            }
            assertEquals(1, metrics.value("nsr_console_connections_total", "result", "refused_busy"));
        }
    }

    @Test
    void aLongQueryOnOneConnectionDoesNotHoldUpAnotherAndCancelStopsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RecordingBackend blocking = new RecordingBackend(dir) {
            @Override
            public void lookup(Command.Query q, OutputStream out) throws java.io.IOException {
                if (q.keyText().equals("9.9.9.9")) {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await(); // a query that reads forever, until cancelled
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("cancelled");
                    }
                }
                super.lookup(q, out);
            }
        };
        start(null, 4, blocking);
        try (Client slow = new Client(); Client other = new Client()) {
            slow.send("query feed index ip \"9.9.9.9\"");
            assertTrue(started.await(10, TimeUnit.SECONDS));
            other.send("query feed index ip \"10.0.0.1\"");
            assertEquals("ok 40", other.reply().get(40));
            slow.send("cancel");
            assertEquals(List.of("error: cancelled after 0 lines"), slow.reply());
            slow.send("help quit");
            assertEquals("ok 1", slow.reply().get(1), "the connection goes on after a cancel");
        }
    }

    @Test
    void atStopEveryClientHearsThatTheRecorderIsStopping() throws Exception {
        start(null, 4, new RecordingBackend(dir));
        try (Client c = new Client()) {
            c.send("help quit");
            c.reply();
            server.stopAsync();
            assertTrue(server.awaitTerminated(Duration.ofSeconds(10)));
            assertEquals("error: recorder stopping", c.in.readLine());
        }
    }
}

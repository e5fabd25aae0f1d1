package org.nsr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.ConsoleSettings;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.sink.Sink;
import org.nsr.sink.Watermarks;
import org.nsr.testing.JarProcess;
import org.nsr.testing.RecordingWriter;

/**
 * Subscriptions on the remote console over a real socket, with the hub's tap fed by hand: the
 * stored part, then the live records; unsubscribe; a subscriber that stops reading is dropped and
 * counted while the tap never waits; a stop is told to subscribers after their records.
 */
class ConsoleSubscriptionTest {
    private static final long T0 = 1_755_857_592_000_000_000L;
    @TempDir
    Path dir;
    private final Metrics metrics = new Metrics();
    private final Watermarks watermarks = new Watermarks(metrics);
    private RemoteConsoleServer server;
    private SubscriptionHub hub;
    private Sink tap;

    private record Line(long timestampNanos, String json) implements Record {
        @Override
        public void writeJson(LineBuffer out) {
            out.appendUtf8(json);
        }
    }

    private static String line(long i, String src) {
        return RecordingWriter.generatorLine(i, T0 + i * 1_000_000L, src, "10.0.1." + (i % 7), 1000 + (int) (i % 5000),
                443, 6, 1, 100);
    }

    @BeforeEach
    void recording() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(line(i, "10.0.0." + (i % 5)));
        }
        RecordingWriter.writeZip(dir, LocalDateTime.of(2025, 8, 22, 10, 0), "flows", lines);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.state() != org.nsr.lifecycle.Service.State.TERMINATED) {
            server.stopAsync();
            server.awaitTerminated(Duration.ofSeconds(10));
        }
    }

    private void start(int buffer, Duration writeTimeout) throws Exception {
        hub = new SubscriptionHub(watermarks, buffer, metrics);
        tap = hub.create("flows", metrics).get(0);
        server = new RemoteConsoleServer(new ConsoleSettings(new InetSocketAddress("127.0.0.1", 0), null, 4, 2, 4,
                buffer, writeTimeout), new RecordingBackend(dir), hub, metrics);
        server.startAsync();
        server.awaitRunning();
    }

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

        List<String> lines(int n) throws Exception {
            List<String> r = new ArrayList<>();
            while (r.size() < n) {
                r.add(in.readLine());
            }
            return r;
        }

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

    private List<String> lookup(String ip) throws Exception {
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        new Lookup(dir).run(new Lookup.Query(IndexKind.IP, IndexKind.IP.parse(ip), Long.MIN_VALUE, Long.MAX_VALUE,
                true), want);
        return want.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theStoredMatchesComeFirstThenEachNewMatchingRecordAndUnsubscribeAnswersTheCount() throws Exception {
        start(4096, Duration.ofSeconds(10));
        List<String> stored = lookup("10.0.0.2");
        try (Client c = new Client(); Client other = new Client()) {
            c.send("query feed index ip \"10.0.0.2\" subscribe");
            assertTrue(c.in.readLine().startsWith("subscription 1: "));
            assertEquals(stored, c.lines(stored.size()));
            List<String> live = new ArrayList<>();
            for (int i = 200; i < 300; i++) {
                String l = line(i, "10.0.0." + (i % 5));
                tap.accept(new Line(T0 + i * 1_000_000L, l), i - 199);
                if (i % 5 == 2) {
                    live.add(l);
                }
            }
            assertEquals(live, c.lines(live.size()));
            other.send("show subscriptions");
            List<String> shown = other.reply();
            assertTrue(shown.get(0).startsWith("1 index ip \"10.0.0.2\" from /127.0.0.1:"), shown.toString());
            assertEquals("ok 1", shown.get(1));
            other.send("unsubscribe 1");
            assertEquals(List.of("error: unsubscribe: subscription 1 belongs to another connection; see show "
                    + "subscriptions"), other.reply());
            c.send("unsubscribe 1");
            assertEquals(List.of("ok " + (stored.size() + live.size())), c.reply());
            tap.accept(new Line(T0, line(999, "10.0.0.2")), 101);
            c.send("show subscriptions");
            assertEquals(List.of("ok 0"), c.reply(), "nothing more comes after the unsubscribe");
        }
        assertEquals(1, metrics.value("nsr_console_subscriptions_ended_total", "reason", "unsubscribed"));
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedAndCountedWhileTheTapNeverWaits() throws Exception {
        start(1024, Duration.ofMillis(300));
        try (Client c = new Client()) {
            c.send("query feed index ip \"10.0.0.2\" subscribe");
            assertTrue(c.in.readLine().startsWith("subscription 1: "));
            // The client reads no more. First 1,000 records of 32 KB: more than the loopback socket's
            // buffers hold, fewer than the subscription's, so its delivery thread blocks in a write.
            String pad = "x".repeat(32_000);
            int seq = 0;
            for (int i = 0; i < 1000; i++) {
                tap.accept(new Line(T0, line(i, "10.0.0.2").replace("}", ",\"pad\":\"" + pad + "\"}")), ++seq);
            }
            // Then the subscription's own buffer fills.
            for (int i = 1000; i < 200_000; i++) {
                tap.accept(new Line(T0, line(i, "10.0.0.2")), ++seq);
            }
            JarProcess.awaitCondition("the slow subscriber dropped and counted", 30,
                    () -> metrics.value("nsr_console_subscriptions_dropped_total", "reason", "slow") == 1);
            JarProcess.awaitCondition("its stuck write timed out and counted", 30, () -> metrics.value(
                    "nsr_console_connections_total", "result", "write_timeout") == 1);
            JarProcess.awaitCondition("the connection closed", 30, () -> metrics.value("nsr_console_connections_open") == 0);
            JarProcess.awaitCondition("the subscription closed", 30,
                    () -> metrics.value("nsr_console_subscriptions") == 0);
        }
    }

    @Test
    void atStopASubscriberGetsItsLastRecordsThenHearsThatTheRecorderIsStopping() throws Exception {
        start(4096, Duration.ofSeconds(10));
        List<String> stored = lookup("10.0.0.4");
        try (Client c = new Client()) {
            c.send("query feed index ip \"10.0.0.4\" subscribe");
            c.lines(1 + stored.size());
            String last = line(204, "10.0.0.4");
            tap.accept(new Line(T0, last), 1);
            server.stopAsync();
            assertEquals(List.of(last, "error: recorder stopping"), c.reply());
            server.awaitTerminated(Duration.ofSeconds(10));
        }
        assertEquals(1, metrics.value("nsr_console_subscriptions_ended_total", "reason", "stopping"));
    }

    @Test
    void cancelEndsTheSubscriptionsOfItsConnectionWithAnErrorLine() throws Exception {
        start(4096, Duration.ofSeconds(10));
        List<String> stored = lookup("10.0.0.1");
        try (Client c = new Client()) {
            c.send("query feed index ip \"10.0.0.1\" subscribe");
            c.lines(1 + stored.size());
            c.send("cancel");
            assertEquals(List.of("error: subscription 1 cancelled after " + stored.size() + " records"), c.reply());
            c.send("show subscriptions");
            assertEquals(List.of("ok 0"), c.reply());
        }
    }
}

package org.nsr.source.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Metrics;
import org.nsr.channel.RecordQueue;
import org.nsr.record.Record;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;
import org.nsr.app.BuiltInSourceTypes;
import org.yaml.snakeyaml.Yaml;

class GeneratorSourceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();
    private final StopSignal stop = new StopSignal();
    private Thread runner;

    @AfterEach
    void stopRunner() throws InterruptedException {
        stop.raise();
        if (runner != null) {
            runner.join(DEADLINE.toMillis());
        }
    }

    private SourceSpec parse(String yaml) throws ConfigException {
        Map<?, ?> map = new Yaml().load(yaml);
        ConfigNode node = new ConfigNode("Recorder.data.sources[0]", map);
        String name = node.string("name");
        node.string("type");
        return new GeneratorSourceType().parse(name, node, new RecorderDefaults(null, Duration.ofSeconds(1), dir));
    }

    /** Starts the source on its own thread, as the recorder would; returns where a failure lands. */
    private AtomicReference<Throwable> start(SourceSpec spec, RecordQueue queue, Clock clock) {
        return start(spec, queue, new SourceContext(clock, metrics));
    }

    private AtomicReference<Throwable> start(SourceSpec spec, RecordQueue queue, SourceContext context) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runner = new Thread(() -> {
            try {
                spec.create(context).run(queue, stop);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, spec.name());
        runner.start();
        return failure;
    }

    private static void awaitCount(RecordQueue queue, long count) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (queue.acceptedCount() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + queue.acceptedCount() + " of " + count + " records in time");
            Thread.sleep(5); // polling a counter with a deadline, not waiting for time to pass
        }
    }

    private static boolean generatorThreadsAlive(String source) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith(source + " generator-") && t.isAlive());
    }

    @Test
    void generatorTypeIsRegistered() {
        assertNotNull(BuiltInSourceTypes.registry().byName("generator"));
        assertTrue(BuiltInSourceTypes.registry().names().contains("generator"));
    }

    @Test
    void producesFlowsPacedToTheRateOnTheTickerAndStopsPromptly() throws Exception {
        SourceSpec spec = parse("{name: gen1, type: generator, threads: 2, rate: 2000, seed: 5}");
        RecordQueue queue = new RecordQueue("gen1", 100_000, metrics);
        org.nsr.testing.FakeTicker ticker = new org.nsr.testing.FakeTicker(Instant.parse("2025-03-01T10:00:00Z"));
        AtomicReference<Throwable> failure = start(spec, queue, new SourceContext(ticker, metrics));
        // 2000/s over 2 threads: each thread's flow k is due k ms after its start; flows up to 1 ms early go at once
        awaitCount(queue, 4);
        ticker.awaitWaiters(3); // both threads and the run loop parked: nothing more is due
        assertEquals(4, queue.acceptedCount(), "at time 0 each thread makes its flows due at 0 and 1 ms");

        ticker.advance(Duration.ofMillis(499));
        awaitCount(queue, 1002);
        ticker.awaitWaiters(3);
        assertEquals(1002, queue.acceptedCount(), "after 499 ms: flows 0..500 of each thread, never more");

        long stopAt = System.nanoTime();
        stop.raise();
        runner.join(DEADLINE.toMillis());
        assertFalse(runner.isAlive(), "run did not return after stop");
        assertTrue(System.nanoTime() - stopAt < Duration.ofSeconds(2).toNanos(), "stop took too long");
        assertNull(failure.get());
        assertFalse(generatorThreadsAlive("gen1"), "generator threads not joined");
        assertEquals(1002, (long) metrics.value("nsr_source_records_total", "source", "gen1"));
    }

    @Test
    void recordsAreFlowsStampedWithTheContextClockInNanoseconds() throws Exception {
        Instant fixed = Instant.parse("2025-03-01T10:00:00.123456789Z");
        SourceSpec spec = parse("{name: clocked, type: generator, threads: 3, rate: unlimited}");
        RecordQueue queue = new RecordQueue("clocked", 500, metrics);
        start(spec, queue, Clock.fixed(fixed, ZoneOffset.UTC));
        awaitCount(queue, 500); // the queue is full now; the generators block on it
        List<Record> drained = new ArrayList<>();
        stop.raise();
        // drain while the source finishes its in-flight puts, as the recorder's writer does
        while (runner.isAlive() || queue.depth() > 0) {
            queue.drainTo(drained, 1000, 10_000_000);
        }
        assertFalse(generatorThreadsAlive("clocked"));
        assertEquals(queue.acceptedCount(), drained.size(), "every record produced was handed on");
        long expected = fixed.getEpochSecond() * 1_000_000_000L + fixed.getNano();
        for (Record r : drained) {
            FlowRecord f = (FlowRecord) r;
            assertEquals(expected, f.timestampNanos());
            assertTrue(f.streamId() >= 1 && f.streamId() <= 3);
        }
    }

    @Test
    void maxFlowsOfTheConfigFileIsSharedByTheThreadsThenTheSourceIdles() throws Exception {
        Files.writeString(dir.resolve("small.yaml"), "generation:\n  max_flows: 37\n");
        SourceSpec spec = parse("{name: small, type: generator, threads: 4, rate: unlimited, config: small.yaml}");
        RecordQueue queue = new RecordQueue("small", 1000, metrics);
        start(spec, queue, Clock.systemUTC());
        awaitCount(queue, 37);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (generatorThreadsAlive("small")) {
            assertTrue(System.nanoTime() < deadline, "generators did not finish their quota");
            Thread.sleep(5);
        }
        assertTrue(runner.isAlive(), "source idles until stop");
        stop.raise();
        runner.join(DEADLINE.toMillis());
        assertEquals(37, queue.acceptedCount());
    }

    @Test
    void sameSeedGivesTheSameFlowsPerStream() throws Exception {
        Files.writeString(dir.resolve("quota.yaml"), "generation:\n  max_flows: 200\n");
        List<String> first = flowsBySequence("{name: s1, type: generator, threads: 2, rate: unlimited, seed: 42, config: quota.yaml}");
        List<String> second = flowsBySequence("{name: s2, type: generator, threads: 2, rate: unlimited, seed: 42, config: quota.yaml}");
        assertEquals(200, first.size());
        assertEquals(first, second);
    }

    /** Runs a source to its max_flows and returns its flows ordered by stream and sequence. */
    private List<String> flowsBySequence(String yaml) throws Exception {
        SourceSpec spec = parse(yaml);
        RecordQueue queue = new RecordQueue(spec.name(), 1000, metrics);
        StopSignal own = new StopSignal();
        Thread t = new Thread(() -> {
            try {
                spec.create(new SourceContext(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), metrics)).run(queue, own);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        awaitCount(queue, 200);
        own.raise();
        t.join(DEADLINE.toMillis());
        List<Record> all = new ArrayList<>();
        queue.drainTo(all, 1000, 0);
        return all.stream().map(r -> (FlowRecord) r).sorted(Comparator.comparingLong(FlowRecord::order))
                .map(FlowRecord::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{name: g, type: generator, rate: fast}|Recorder.data.sources[0].rate: 'fast' is not a rate; expected flows per second",
        "{name: g, type: generator, rate: -5}|Recorder.data.sources[0].rate: '-5' is out of range",
        "{name: g, type: generator, rate: 0}|Recorder.data.sources[0].rate: '0' is out of range",
        "{name: g, type: generator, threads: 0}|Recorder.data.sources[0].threads: '0' is out of range",
        "{name: g, type: generator, seed: abc}|Recorder.data.sources[0].seed: 'abc' is not a whole number",
        "{name: g, type: generator, thread: 2}|Recorder.data.sources[0].thread: unknown key",
        "{name: g, type: generator, config: missing.yaml}|Recorder.data.sources[0].config: generator config ",
    })
    void badSourceEntriesNameTheKeyPath(String yaml, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void errorsInsideTheGeneratorFileNameTheSourceKeyAndTheFileKeyPath() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "network:\n  source_subnets: [10.0.0.0/8, 10.0.0.0/40]\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("{name: g, type: generator, config: bad.yaml}"));
        assertEquals("Recorder.data.sources[0].config: generator config " + dir.resolve("bad.yaml")
                + ": network.source_subnets[1]: '10.0.0.0/40' is not an IPv4 subnet; expected a.b.c.d/prefix such as "
                + "192.168.0.0/16", e.getMessage());
    }

    @Test
    void parsedSpecKeepsItsSettings() throws Exception {
        Files.writeString(dir.resolve("mix.yaml"), "traffic_patterns:\n  - {type: dns_traffic, percentage: 100}\n");
        GeneratorSourceSpec spec = (GeneratorSourceSpec) parse(
                "{name: g, type: generator, threads: 3, rate: 1500.5, seed: -9, config: mix.yaml}");
        assertEquals("g", spec.name());
        assertEquals("generator", spec.type());
        assertEquals(3, spec.threads());
        assertEquals(1500.5, spec.rate());
        assertEquals(-9L, spec.seed());
        assertEquals(List.of(new TrafficShare(TrafficType.DNS, 100)), spec.config().trafficPatterns());
        GeneratorSourceSpec defaults = (GeneratorSourceSpec) parse("{name: d, type: generator}");
        assertEquals(2, defaults.threads());
        assertEquals(1000.0, defaults.rate());
        assertNull(defaults.seed());
        assertTrue(((GeneratorSourceSpec) parse("{name: u, type: generator, rate: UNLIMITED}")).unlimited());
    }
}

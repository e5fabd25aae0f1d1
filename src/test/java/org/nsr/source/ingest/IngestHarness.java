package org.nsr.source.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.nsr.channel.RecordQueue;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.sink.Watermarks;
import org.nsr.source.SourceContext;

/**
 * A push source on port 0 over a real queue. A drain thread stands in for the file writer: it
 * appends every drained line to a {@code .json.part} file in {@link #dir} and then moves the
 * durable watermark, as the writer does after its fsync; with {@code drain = false} nothing drains.
 */
final class IngestHarness implements AutoCloseable {
    static final String SOURCE = "push";

    final Path dir;
    final Metrics metrics = new Metrics();
    final Watermarks watermarks = new Watermarks(metrics);
    final RecordQueue queue;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final String url;
    private final StopSignal stop = new StopSignal();
    private final StopSignal drainStop = new StopSignal();
    private final Thread sourceThread;
    private final Thread drainThread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    IngestHarness(Path dir, Map<String, Object> settings, int queueCapacity, boolean drain) throws Exception {
        this.dir = Files.createDirectories(dir);
        Map<String, Object> node = new HashMap<>(Map.of("listen", "127.0.0.1:0"));
        node.putAll(settings);
        IngestSourceSpec spec = (IngestSourceSpec) new IngestSourceType().parse(SOURCE, new ConfigNode("src", node),
                new RecorderDefaults(null, Duration.ofSeconds(1), dir));
        queue = new RecordQueue(SOURCE, queueCapacity, Long.MAX_VALUE, metrics);
        IngestSource source = (IngestSource) spec.create(new SourceContext(Ticker.SYSTEM, metrics, watermarks, dir));
        sourceThread = new Thread(() -> {
            try {
                source.open(); // as SourceRunner does: bind and rebuild, then run
                source.run(queue, stop);
            } catch (Throwable e) {
                failure.set(e);
                source.openedAt().completeExceptionally(e);
            }
        }, "test-ingest-source");
        sourceThread.start();
        drainThread = new Thread(this::drain, "test-ingest-drain");
        if (drain) {
            drainThread.start();
        }
        url = source.openedAt().get(30, TimeUnit.SECONDS);
    }

    Path partFile() {
        return dir.resolve(RecordingFileName.of(LocalDateTime.of(2026, 12, 1, 0, 0), SOURCE).fileName(FileStage.WRITING));
    }

    private void drain() {
        List<Record> batch = new ArrayList<>();
        LineBuffer line = new LineBuffer(1 << 16);
        try (OutputStream out = Files.newOutputStream(partFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (!drainStop.isRaised()) {
                batch.clear();
                if (queue.drainTo(batch, 1000, 5_000_000L) == 0) {
                    continue;
                }
                for (Record r : batch) {
                    line.reset();
                    r.writeJson(line);
                    line.append((byte) '\n');
                    line.writeTo(out);
                    lines.add(new String(line.toByteArray(), 0, line.size() - 1, java.nio.charset.StandardCharsets.UTF_8));
                }
                out.flush();
                watermarks.durable(SOURCE).advanceTo(queue.drainedSeq());
            }
        } catch (IOException | InterruptedException e) {
            failure.set(e);
        }
    }

    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop.raise();
        sourceThread.join(30_000);
        drainStop.raise();
        drainThread.join(30_000);
    }
}

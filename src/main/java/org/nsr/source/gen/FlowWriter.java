package org.nsr.source.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.nsr.record.LineBuffer;

/**
 * The sink of {@code nsr generate}: formats each sorted chunk into one reusable byte buffer and
 * writes it out in large blocks, counting as it goes. Collector thread only.
 */
public final class FlowWriter implements ChunkSink {
    /** Bytes gathered before one write to the output: large writes keep syscalls off the hot path. */
    static final int FLUSH_BYTES = 1 << 20;
    private static final long PROGRESS_EVERY_NANOS = 500_000_000L;

    private final OutputStream out;
    private final FlowFormatter formatter;
    private final GenerationStats stats;
    private final PrintStream progress;
    private final LineBuffer buffer = new LineBuffer(FLUSH_BYTES + 4096);
    private final long startNanos = System.nanoTime();
    private long lastProgressNanos = startNanos;
    private boolean progressShown;

    /**
     * @param progress where to draw a progress line (a terminal), or null for none
     */
    public FlowWriter(OutputStream out, FlowFormatter formatter, GenerationStats stats, PrintStream progress) {
        this.out = out;
        this.formatter = formatter;
        this.stats = stats;
        this.progress = progress;
    }

    public void begin() {
        formatter.begin(buffer);
    }

    @Override
    public void accept(List<FlowRecord> chunk) throws IOException {
        for (int i = 0, n = chunk.size(); i < n; i++) {
            FlowRecord f = chunk.get(i);
            formatter.flow(f, buffer);
            stats.count(f);
            if (buffer.size() >= FLUSH_BYTES) {
                buffer.writeTo(out);
                buffer.reset();
            }
        }
        if (progress != null) {
            long now = System.nanoTime();
            if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
                lastProgressNanos = now;
                double seconds = (now - startNanos) / 1e9;
                progress.printf(Locale.ROOT, "\r%,d flows written, %,.0f flows/s   ", stats.flows(), stats.flows() / seconds);
                progress.flush();
                progressShown = true;
            }
        }
    }

    @Override
    public void flush() throws IOException {
        buffer.writeTo(out);
        buffer.reset();
        out.flush();
    }

    /** Closes the format (the JSON array) and flushes everything to the output. */
    @Override
    public void finish() throws IOException {
        formatter.end(buffer);
        buffer.writeTo(out);
        buffer.reset();
        out.flush();
        if (progressShown) {
            progress.print("\r\033[K");
            progress.flush();
        }
    }
}

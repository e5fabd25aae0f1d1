package org.nsr.produce;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.csv.CsvRow;
import org.nsr.csv.CsvRowReader;
import org.nsr.redis.RedisUnavailableException;
import org.nsr.redis.StreamWriter;
import org.nsr.redis.XaddBatch;

/**
 * The DDoS pipeline's stream producer: reads a CSV row by row and adds each row to a Redis stream
 * with the fields {@code data} (the typed row as JSON), {@code timestamp}, {@code source_ip},
 * {@code dest_ip}, {@code protocol} and {@code is_attack}. With a delay it sends one entry and
 * pauses; without one it sends pipelined batches, reading the next while one is sent
 * ({@link BatchPipeline}). Memory does not grow with the file.
 *
 * <p>The {@code timestamp} field is the row's own when it is an ISO-8601 time; an empty or
 * unparseable one (counted) is replaced by the time of sending, while {@code data} keeps the
 * original text, so a consumer can still see what the file said.
 */
public final class Producer {
    /** Filled batches that may wait for the sender: with the one being filled and the one being sent, memory is four batches. */
    static final int QUEUED_BATCHES = 2;

    private final ProduceSettings settings;
    private final Ticker ticker;
    private final PrintStream out;
    private final boolean terminal;

    public Producer(ProduceSettings settings, Ticker ticker, PrintStream out, boolean terminal) {
        this.settings = settings;
        this.ticker = ticker;
        this.out = out;
        this.terminal = terminal;
    }

    /** Sends the rows; the connection test and the file check are the caller's, before this. */
    public ProduceSummary run(StopSignal stop) throws IOException, RedisUnavailableException, InterruptedException {
        long start = ticker.nanoTime();
        long cpuStart = CpuTime.process();
        long readerCpuStart = CpuTime.thread();
        ProgressReport progress = new ProgressReport(out, terminal, settings.records(), start);
        try (InputStream in = Files.newInputStream(settings.csv());
                CsvRowReader reader = new CsvRowReader(in);
                StreamWriter writer = new StreamWriter(settings.redis(), settings.stream(), settings.maxLen(), ticker,
                        settings.retryFor())) {
            out.println("Reading CSV file: " + settings.csv());
            EntryEncoder encoder = new EntryEncoder(reader.header(), ticker);
            long limit = settings.records() == 0 ? Long.MAX_VALUE : settings.records();
            Sent sent = settings.delay().isZero()
                    ? pipelined(reader, encoder, writer, limit, stop, progress)
                    : paced(reader, encoder, writer, limit, stop, progress);
            progress.update(sent.entries, ticker.nanoTime());
            progress.finish();
            if (sent.entries >= limit) {
                out.println("Reached limit of " + limit + " records");
            }
            long elapsed = ticker.nanoTime() - start;
            long readerCpu = CpuTime.thread() - readerCpuStart;
            return new ProduceSummary(sent.entries, reader.badRows().count(), reader.badRows().first(),
                    reader.badRows().describe(), encoder.replacedTimes(), writer.retries(), writer.resentEntries(),
                    elapsed, sent.delayNanos, new ProduceSummary.Cpu(CpuTime.process() - cpuStart, readerCpu,
                            sent.senderCpuNanos));
        }
    }

    private record Sent(long entries, long delayNanos, long senderCpuNanos) {
    }

    /** {@code --delay 0}: batches of {@code --batch} entries, read and encoded while the previous one is sent. */
    private Sent pipelined(CsvRowReader reader, EntryEncoder encoder, StreamWriter writer, long limit, StopSignal stop,
            ProgressReport progress) throws IOException, RedisUnavailableException, InterruptedException {
        int batchSize = settings.batch();
        CsvRow row = reader.newRow();
        long read = 0;
        try (BatchPipeline pipeline = new BatchPipeline(writer, stop, QUEUED_BATCHES, batchSize * 768)) {
            XaddBatch batch = pipeline.emptyBatch();
            while (read < limit && !stop.isRaised() && reader.next(row)) {
                encoder.encode(row, batch);
                read++;
                if (batch.entries() >= batchSize) {
                    pipeline.handOff(batch);
                    progress.update(pipeline.sent(), ticker.nanoTime());
                    batch = pipeline.emptyBatch();
                }
            }
            pipeline.handOff(batch);
            pipeline.finish();
            return new Sent(pipeline.sent(), 0, pipeline.senderCpuNanos());
        }
    }

    /** A delay: one entry, acknowledged, then the pause, like the original. */
    private Sent paced(CsvRowReader reader, EntryEncoder encoder, StreamWriter writer, long limit, StopSignal stop,
            ProgressReport progress) throws IOException, RedisUnavailableException, InterruptedException {
        CsvRow row = reader.newRow();
        XaddBatch one = writer.newBatch(4096);
        long sent = 0;
        long delayNanos = 0;
        while (sent < limit && !stop.isRaised() && reader.next(row)) {
            one.clear();
            encoder.encode(row, one);
            writer.add(one, stop);
            sent++;
            progress.update(sent, ticker.nanoTime());
            long before = ticker.nanoTime();
            ticker.await(stop, settings.delay());
            delayNanos += ticker.nanoTime() - before;
        }
        return new Sent(sent, delayNanos, 0);
    }
}

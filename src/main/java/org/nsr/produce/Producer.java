package org.nsr.produce;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.csv.CsvRow;
import org.nsr.csv.CsvRowReader;
import org.nsr.csv.RowJson;
import org.nsr.csv.RowTime;
import org.nsr.redis.RedisUnavailableException;
import org.nsr.redis.StreamEntry;
import org.nsr.redis.StreamWriter;

/**
 * The DDoS pipeline's stream producer: reads a CSV row by row and adds each row to a Redis stream
 * with the fields {@code data} (the typed row as JSON), {@code timestamp}, {@code source_ip},
 * {@code dest_ip}, {@code protocol} and {@code is_attack}. With a delay it sends one entry and
 * pauses; without one it sends pipelined batches. Memory does not grow with the file.
 *
 * <p>The {@code timestamp} field is the row's own when it is an ISO-8601 time; an empty or
 * unparseable one (counted) is replaced by the time of sending, while {@code data} keeps the
 * original text, so a consumer can still see what the file said.
 */
public final class Producer {
    /** The stream fields besides {@code data}, copied as text from the columns of the same name. */
    static final List<String> COPIED = List.of("source_ip", "dest_ip", "protocol", "is_attack");
    static final String DATA = "data";
    static final String TIMESTAMP = "timestamp";

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
        long delayNanos = 0;
        long badTimes = 0;
        long sent = 0;
        boolean paced = !settings.delay().isZero();
        int batchSize = paced ? 1 : settings.batch();
        List<StreamEntry> batch = new ArrayList<>(batchSize);
        ProgressReport progress = new ProgressReport(out, terminal, settings.records(), start);
        try (InputStream in = Files.newInputStream(settings.csv());
                CsvRowReader reader = new CsvRowReader(in);
                StreamWriter writer = new StreamWriter(settings.redis(), settings.stream(), settings.maxLen(), ticker,
                        settings.retryFor())) {
            out.println("Reading CSV file: " + settings.csv());
            int timeColumn = reader.header().indexOf(TIMESTAMP);
            int[] copied = COPIED.stream().mapToInt(reader.header()::indexOf).toArray();
            CsvRow row = reader.newRow();
            StringBuilder json = new StringBuilder(512);
            long limit = settings.records() == 0 ? Long.MAX_VALUE : settings.records();
            while (sent + batch.size() < limit && !stop.isRaised() && reader.next(row)) {
                String[] fields = new String[4 + 2 * copied.length];
                json.setLength(0);
                RowJson.append(json, row);
                fields[0] = DATA;
                fields[1] = json.toString();
                String time = timeColumn < 0 ? null : row.cell(timeColumn).trim();
                if (time == null || !RowTime.isTime(time)) {
                    badTimes++;
                    time = ticker.now().atZone(java.time.ZoneId.systemDefault()).toLocalDateTime().toString();
                }
                fields[2] = TIMESTAMP;
                fields[3] = time;
                for (int i = 0; i < copied.length; i++) {
                    fields[4 + 2 * i] = COPIED.get(i);
                    fields[5 + 2 * i] = copied[i] < 0 ? "" : row.cell(copied[i]);
                }
                batch.add(StreamEntry.of(fields));
                if (batch.size() >= batchSize) {
                    writer.add(batch, stop);
                    sent += batch.size();
                    batch.clear();
                    progress.update(sent, ticker.nanoTime());
                    if (paced) {
                        long before = ticker.nanoTime();
                        ticker.await(stop, settings.delay());
                        delayNanos += ticker.nanoTime() - before;
                    }
                }
            }
            writer.add(batch, stop);
            sent += batch.size();
            progress.update(sent, ticker.nanoTime());
            progress.finish();
            if (sent >= limit) {
                out.println("Reached limit of " + limit + " records");
            }
            return new ProduceSummary(sent, reader.badRows().count(), reader.badRows().first(),
                    reader.badRows().describe(), badTimes, writer.retries(), writer.resentEntries(),
                    ticker.nanoTime() - start, delayNanos);
        }
    }
}

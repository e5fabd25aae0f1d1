package org.nsr.source.csv;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
import org.nsr.csv.RowJson;
import org.nsr.csv.RowTime;
import org.nsr.metrics.Counter;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the rows of a CSV file. Records are cut at byte offsets ({@link CsvRecordFramer}) and each
 * is parsed by Jackson's CSV parser, so the read position is exact: it is saved at stop (and when a
 * finished file has been read), and a restart goes on from the next row, none twice and none
 * skipped. With {@code follow} the file is polled for growth; when the path names another file
 * (rotated) or a shorter one (truncated), what is left of the old file is read and the new one is
 * read from its start. Bad rows (wrong cell count, bytes that are not UTF-8, overlong) are skipped,
 * counted in {@code nsr_csv_bad_rows_total}, and the first ten logged with their lines.
 */
final class CsvSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(CsvSource.class);
    private static final ObjectReader ROW = new CsvMapper().readerFor(String[].class);
    private static final int LOGGED_BAD_ROWS = 10;

    private final CsvSourceSpec spec;
    private final SourceContext context;
    private final Counter rowsCounter;
    private final Counter badRows;
    private final Counter badTimes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final StringBuilder json = new StringBuilder(512);
    private boolean missingLogged;

    CsvSource(CsvSourceSpec spec, SourceContext context) {
        this.spec = spec;
        this.context = context;
        String n = spec.name();
        this.rowsCounter = context.metrics().counter("nsr_csv_rows_total", "CSV rows recorded", "source", n);
        this.badRows = context.metrics().counter("nsr_csv_bad_rows_total",
                "CSV rows skipped: wrong cell count, not UTF-8, or longer than max_row_bytes", "source", n);
        this.badTimes = context.metrics().counter("nsr_csv_bad_timestamps_total",
                "CSV rows whose timestamp_column is empty or not an ISO-8601 time (recorded as they are)", "source", n);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public void run(Channel out, StopSignal stop) throws Exception {
        ReadPosition pos = ReadPosition.load(spec.positionFile());
        try {
            while (!stop.isRaised()) {
                if (!Files.exists(spec.path())) {
                    if (!missingLogged) {
                        log.warn("source {}: {} does not exist; waiting for it", spec.name(), spec.path());
                        missingLogged = true;
                    }
                    context.ticker().await(stop, spec.pollInterval());
                    continue;
                }
                missingLogged = false;
                pos = readFile(out, stop, pos);
                if (!spec.follow() || limitReached(pos)) {
                    pos.save(spec.positionFile());
                    log.info("source {}: read {} rows of {}; idle until stopped", spec.name(), pos.rows(), spec.path());
                    stop.awaitForever();
                    return;
                }
            }
        } finally {
            pos.save(spec.positionFile());
        }
    }

    private boolean limitReached(ReadPosition pos) {
        return spec.records() > 0 && pos.rows() >= spec.records();
    }

    /** Reads the file the path names from {@code pos}; returns where it stopped. */
    private ReadPosition readFile(Channel out, StopSignal stop, ReadPosition pos) throws Exception {
        try (FileChannel ch = FileChannel.open(spec.path(), StandardOpenOption.READ)) {
            String key = ReadPosition.keyOf(spec.path());
            if (!pos.fileKey().isEmpty() && !pos.fileKey().equals(key)) {
                log.warn("source {}: {} is another file than the one read before the restart (rotated); "
                        + "reading it from its start", spec.name(), spec.path());
                pos = new ReadPosition(key, 0, 1, pos.rows());
            } else if (pos.offset() > ch.size()) {
                log.warn("source {}: {} is shorter than the saved position {} (truncated); reading it from its start",
                        spec.name(), spec.path(), pos.offset());
                pos = new ReadPosition(key, 0, 1, pos.rows());
            }
            CsvRecordFramer.Piece piece = new CsvRecordFramer.Piece();
            CsvRecordFramer headerFramer = new CsvRecordFramer(ch, 0, 1, spec.maxRowBytes());
            if (!headerFramer.next(piece, !spec.follow())) {
                return waitForHeader(stop, pos, key);
            }
            List<String> header = header(piece);
            long offset = Math.max(pos.offset(), headerFramer.offset());
            long line = pos.offset() > 0 ? pos.line() : headerFramer.line();
            CsvRecordFramer framer = new CsvRecordFramer(ch, offset, line, spec.maxRowBytes());
            int timeColumn = spec.timestampColumn().isEmpty() ? -1 : header.indexOf(spec.timestampColumn());
            long rows = pos.rows();
            while (!stop.isRaised() && (spec.records() == 0 || rows < spec.records())) {
                if (framer.next(piece, !spec.follow())) {
                    if (handle(out, piece, header, timeColumn)) {
                        rows++;
                        if (!spec.delay().isZero()) {
                            context.ticker().await(stop, spec.delay());
                        }
                    }
                    continue;
                }
                if (!spec.follow() || replaced(key, framer.offset())) {
                    while (spec.follow() && !stop.isRaised() && framer.next(piece, true)) {
                        if (handle(out, piece, header, timeColumn)) {
                            rows++; // written to the old file before it was rotated
                        }
                    }
                    return spec.follow() ? new ReadPosition("", 0, 1, rows)
                            : new ReadPosition(key, framer.offset(), framer.line(), rows);
                }
                pos = new ReadPosition(key, framer.offset(), framer.line(), rows);
                context.ticker().await(stop, spec.pollInterval());
            }
            return new ReadPosition(key, framer.offset(), framer.line(), rows);
        } catch (NoSuchFileException e) {
            return pos; // rotated away between the check and the open
        }
    }

    private ReadPosition waitForHeader(StopSignal stop, ReadPosition pos, String key) throws InterruptedException {
        if (spec.follow()) {
            context.ticker().await(stop, spec.pollInterval());
        }
        return new ReadPosition(key, pos.offset(), pos.line(), pos.rows());
    }

    /** True when the path now names another file, or the file became shorter than what was read. */
    private boolean replaced(String key, long offset) {
        try {
            return !key.equals(ReadPosition.keyOf(spec.path())) || Files.size(spec.path()) < offset;
        } catch (IOException e) {
            return true; // gone: rotated away
        }
    }

    private List<String> header(CsvRecordFramer.Piece piece) throws IOException {
        String[] cells = cells(piece);
        List<String> h = new ArrayList<>(cells == null ? List.of() : Arrays.asList(cells));
        if (!h.isEmpty() && h.get(0).startsWith("\uFEFF")) {
            h.set(0, h.get(0).substring(1));
        }
        h.replaceAll(String::trim);
        return List.copyOf(h);
    }

    /** Records one row; false (counted) when it is bad. */
    private boolean handle(Channel out, CsvRecordFramer.Piece piece, List<String> header, int timeColumn)
            throws InterruptedException {
        if (piece.length == 0 && !piece.tooLong) {
            return false; // a blank line
        }
        String[] cells;
        String why;
        if (piece.tooLong) {
            cells = null;
            why = "longer than max_row_bytes " + spec.maxRowBytes();
        } else {
            try {
                cells = cells(piece);
                why = cells == null ? "not CSV" : cells.length == header.size() ? null
                        : cells.length + " cells, header has " + header.size();
            } catch (CharacterCodingException e) {
                cells = null;
                why = "bytes that are not UTF-8";
            } catch (IOException e) {
                cells = null;
                why = "not CSV: " + e.getMessage();
            }
        }
        if (why != null) {
            badRows.increment();
            if (badRows.get() <= LOGGED_BAD_ROWS) {
                log.warn("source {}: {} line {} skipped: {} (counted in nsr_csv_bad_rows_total)", spec.name(),
                        spec.path(), piece.startLine, why);
            }
            return false;
        }
        if (timeColumn >= 0 && !RowTime.isTime(cells[timeColumn])) {
            badTimes.increment();
        }
        json.setLength(0);
        RowJson.append(json, header, cells);
        out.put(new CsvRowRecord(context.ticker().epochNanos(), piece.startLine, json.toString()));
        rowsCounter.increment();
        return true;
    }

    private String[] cells(CsvRecordFramer.Piece piece) throws IOException {
        String text = utf8.decode(ByteBuffer.wrap(piece.bytes, 0, piece.length)).toString();
        return ROW.readValue(text);
    }
}

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
import java.nio.file.Path;
import java.time.Duration;
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
 * is parsed by Jackson's CSV parser, so the read position is exact. It is saved only once the rows
 * before it are durable ({@link DurablePosition}), and rows a kill -9 left in the recording past it
 * are skipped at restart ({@link LastRecordedRow}): none twice and none skipped. With
 * {@code follow} the file is polled for growth; when the path names another file (rotated) or a
 * shorter one (truncated), what is left of the old file is read and the new one is read from its
 * start, also when the rotation happened while the recorder was stopped. Bad rows (wrong cell count, bytes that are not UTF-8, overlong) are skipped,
 * counted in {@code nsr_csv_bad_rows_total}, and the first ten logged with their lines.
 */
final class CsvSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(CsvSource.class);
    private static final ObjectReader ROW = new CsvMapper().readerFor(String[].class);
    private static final int LOGGED_BAD_ROWS = 10;
    private static final int CHECKPOINT_ROWS = 1_000;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final CsvSourceSpec spec;
    private final SourceContext context;
    private final Counter rowsCounter;
    private final Counter badRows;
    private final Counter badTimes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final Counter alreadyRecorded;
    private final StringBuilder json = new StringBuilder(512);
    private boolean missingLogged;
    private DurablePosition positions;
    /** Where reading goes on: the file's key, the next record's offset and line, rows recorded in all. */
    private String curKey;
    private long curOffset;
    private long curLine;
    private long rows;
    /** The sequence number of the last record handed on this run, 0 before the first. */
    private long lastSeq;
    private int sinceCheckpoint;
    /** Rows up to this CSV line are in the recording already (found at start); 0 when none. */
    private long skipThrough;

    CsvSource(CsvSourceSpec spec, SourceContext context) {
        this.spec = spec;
        this.context = context;
        String n = spec.name();
        this.rowsCounter = context.metrics().counter("nsr_csv_rows_total", "CSV rows recorded", "source", n);
        this.badRows = context.metrics().counter("nsr_csv_bad_rows_total",
                "CSV rows skipped: wrong cell count, not UTF-8, or longer than max_row_bytes", "source", n);
        this.badTimes = context.metrics().counter("nsr_csv_bad_timestamps_total",
                "CSV rows whose timestamp_column is empty or not an ISO-8601 time (recorded as they are)", "source", n);
        this.alreadyRecorded = context.metrics().counter("nsr_csv_rows_already_recorded_total",
                "CSV rows past the saved position found in the recording at start (written before a kill): "
                        + "skipped, not recorded twice", "source", n);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public void run(Channel out, StopSignal stop) throws Exception {
        ReadPosition loaded = ReadPosition.load(spec.positionFile());
        positions = new DurablePosition(spec.positionFile(), context.watermarks().durable(spec.name()),
                context.ticker(), loaded);
        curKey = loaded.fileKey();
        curOffset = loaded.offset();
        curLine = loaded.line();
        rows = loaded.rows();
        long last = LastRecordedRow.in(context.outputDir(), spec.name());
        skipThrough = last >= loaded.line() ? last : 0;
        try {
            if (spec.follow()) {
                readRotatedAway(out, stop);
            }
            while (!stop.isRaised()) {
                if (!Files.exists(spec.path())) {
                    if (!missingLogged) {
                        log.warn("source {}: {} does not exist; waiting for it", spec.name(), spec.path());
                        missingLogged = true;
                    }
                    idle(stop);
                    continue;
                }
                missingLogged = false;
                readFile(out, stop, spec.path(), spec.follow());
                if (!spec.follow() || limitReached()) {
                    log.info("source {}: read {} rows of {}; idle until stopped", spec.name(), rows, spec.path());
                    while (!stop.isRaised()) {
                        idle(stop);
                    }
                    return;
                }
            }
        } finally {
            positions.checkpoint(lastSeq, current());
            positions.saveAtStop(STOP_WAIT);
        }
    }

    private ReadPosition current() {
        return new ReadPosition(curKey, curOffset, curLine, rows);
    }

    /** Nothing to read for now: the position of what is read so far is a checkpoint, saved once durable. */
    private void idle(StopSignal stop) throws IOException, InterruptedException {
        positions.checkpoint(lastSeq, current());
        context.ticker().await(stop, spec.pollInterval());
    }

    private boolean limitReached() {
        return spec.records() > 0 && rows >= spec.records();
    }

    /** Forgets the file read so far: the next one is read from its start. */
    private void startAnew(String key) {
        curKey = key;
        curOffset = 0;
        curLine = 1;
        skipThrough = 0;
    }

    /**
     * After a restart, the path may name a new file while the one read before was rotated away
     * (tail -F across a restart): what is left of that one, found beside the path by its file key,
     * is read first, then the new file from its start.
     */
    private void readRotatedAway(Channel out, StopSignal stop) throws Exception {
        if (curKey.isEmpty() || !Files.exists(spec.path()) || curKey.equals(ReadPosition.keyOf(spec.path()))) {
            return;
        }
        Path old = ReadPosition.findByKey(spec.path(), curKey);
        if (old == null) {
            log.warn("source {}: {} is another file than the one read before the restart, and that one is not "
                    + "beside it any more: rows after its line {} cannot be read; reading the new file from its start",
                    spec.name(), spec.path(), curLine);
        } else {
            log.info("source {}: {} was rotated to {} while stopped; reading the rest of it, then the new file",
                    spec.name(), spec.path(), old);
            readFile(out, stop, old, false);
        }
        startAnew("");
    }

    /**
     * Reads {@code path} from the current position. With {@code tail} it waits for growth and returns
     * when the path names another or a shorter file (after reading what is left of the old one);
     * without, it reads to the end, where bytes after the last newline are a row.
     */
    private void readFile(Channel out, StopSignal stop, Path path, boolean tail) throws Exception {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            String key = ReadPosition.keyOf(path);
            if (!curKey.isEmpty() && !curKey.equals(key)) {
                log.warn("source {}: {} is another file than the one read before the restart (rotated); "
                        + "reading it from its start", spec.name(), path);
                startAnew(key);
            } else if (curOffset > ch.size()) {
                log.warn("source {}: {} is shorter than the saved position {} (truncated); reading it from its start",
                        spec.name(), path, curOffset);
                startAnew(key);
            }
            curKey = key;
            CsvRecordFramer.Piece piece = new CsvRecordFramer.Piece();
            CsvRecordFramer headerFramer = new CsvRecordFramer(ch, 0, 1, spec.maxRowBytes());
            if (!headerFramer.next(piece, !tail)) {
                if (tail) {
                    idle(stop);
                }
                return;
            }
            List<String> header = header(piece);
            long line = curOffset > 0 ? curLine : headerFramer.line();
            CsvRecordFramer framer = new CsvRecordFramer(ch, Math.max(curOffset, headerFramer.offset()), line,
                    spec.maxRowBytes());
            int timeColumn = spec.timestampColumn().isEmpty() ? -1 : header.indexOf(spec.timestampColumn());
            while (!stop.isRaised() && !limitReached()) {
                if (framer.next(piece, !tail)) {
                    row(out, stop, piece, framer, header, timeColumn);
                    continue;
                }
                if (!tail) {
                    return;
                }
                if (replaced(key, framer.offset())) {
                    while (!stop.isRaised() && framer.next(piece, true)) {
                        row(out, stop, piece, framer, header, timeColumn); // written before the rotation
                    }
                    if (!stop.isRaised()) {
                        startAnew("");
                    }
                    return;
                }
                idle(stop);
            }
        } catch (NoSuchFileException e) {
            // rotated away between the check and the open
        }
    }

    private void row(Channel out, StopSignal stop, CsvRecordFramer.Piece piece, CsvRecordFramer framer,
            List<String> header, int timeColumn) throws Exception {
        boolean recorded = handle(out, piece, header, timeColumn);
        curOffset = framer.offset();
        curLine = framer.line();
        if (recorded) {
            rows++;
            if (++sinceCheckpoint >= CHECKPOINT_ROWS) {
                sinceCheckpoint = 0;
                positions.checkpoint(lastSeq, current());
            } else {
                positions.saveDurable(false);
            }
            if (!spec.delay().isZero()) {
                context.ticker().await(stop, spec.delay());
            }
        }
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
        if (skipThrough > 0) {
            if (piece.startLine <= skipThrough) {
                alreadyRecorded.increment();
                return true;
            }
            log.warn("source {}: rows of {} up to line {} were recorded before a crash after the last saved "
                    + "position; skipped, not recorded twice ({} rows, nsr_csv_rows_already_recorded_total)",
                    spec.name(), spec.path(), skipThrough, alreadyRecorded.get());
            skipThrough = 0;
        }
        json.setLength(0);
        RowJson.append(json, header, cells);
        lastSeq = out.put(new CsvRowRecord(context.ticker().epochNanos(), piece.startLine, json.toString()));
        rowsCounter.increment();
        return true;
    }

    private String[] cells(CsvRecordFramer.Piece piece) throws IOException {
        String text = utf8.decode(ByteBuffer.wrap(piece.bytes, 0, piece.length)).toString();
        return ROW.readValue(text);
    }
}

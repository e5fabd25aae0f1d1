package org.nsr.csv;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a CSV file with a header row, one row at a time in constant memory, with Jackson's CSV
 * parser (quoted fields, embedded commas and newlines, CRLF). A UTF-8 BOM is dropped. Rows with
 * another number of cells than the header, or with bytes that are not UTF-8, are skipped and
 * recorded in {@link #badRows()}; they never end the read. Blank lines are skipped.
 *
 * <p>Not thread-safe. Closes the stream it was given.
 */
public final class CsvRowReader implements AutoCloseable {
    private static final CsvFactory FACTORY = CsvFactory.builder().build();
    private static final char REPLACEMENT = '\uFFFD';

    private final CsvParser parser;
    private final List<String> header;
    private final BadRows bad = new BadRows();
    /** The cells of the row being read, {@code [0, count)}; reused (a list and its copy per row showed in profiles). */
    private String[] cells = new String[32];
    private int count;

    /** Opens the reader and reads the header row; an empty file has an empty header. */
    public CsvRowReader(InputStream in) throws IOException {
        // undecodable bytes become U+FFFD, so the row that holds them can be skipped alone
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.parser = FACTORY.createParser(reader);
        parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        parser.nextToken(); // the outer array
        List<String> h = new ArrayList<>();
        if (readCells() >= 0) {
            h.addAll(Arrays.asList(cells).subList(0, count));
        }
        if (!h.isEmpty()) {
            String first = h.get(0);
            if (!first.isEmpty() && first.charAt(0) == '\uFEFF') {
                h.set(0, first.substring(1));
            }
            for (int i = 0; i < h.size(); i++) {
                h.set(i, h.get(i).trim());
            }
        }
        this.header = List.copyOf(h);
    }

    public List<String> header() {
        return header;
    }

    /** A row holder for {@link #next}. */
    public CsvRow newRow() {
        return new CsvRow(header);
    }

    /**
     * Reads the next good row into {@code row}, skipping and recording bad ones.
     *
     * @return false at the end of the file
     */
    public boolean next(CsvRow row) throws IOException {
        while (true) {
            long line = readCells();
            if (line < 0) {
                return false;
            }
            if (count != header.size()) {
                bad.add(line, count + " cells, header has " + header.size());
                continue;
            }
            if (hasReplacement()) {
                bad.add(line, "bytes that are not UTF-8");
                continue;
            }
            if (row.cells.length != count) {
                row.cells = new String[count];
            }
            System.arraycopy(cells, 0, row.cells, 0, count);
            row.line = line;
            return true;
        }
    }

    /** Reads one row's cells into {@link #cells}; returns its first line, or -1 at the end. */
    private long readCells() throws IOException {
        count = 0;
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_ARRAY) {
            return -1;
        }
        // the row's own first cell says where it starts; the array token sits at the previous line end
        long line = -1;
        while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
            if (line < 0) {
                line = parser.currentTokenLocation().getLineNr();
            }
            if (count == cells.length) {
                cells = Arrays.copyOf(cells, count * 2);
            }
            cells[count++] = parser.getText();
        }
        return Math.max(line, 1);
    }

    private boolean hasReplacement() {
        for (int i = 0; i < count; i++) {
            if (cells[i].indexOf(REPLACEMENT) >= 0) {
                return true;
            }
        }
        return false;
    }

    public BadRows badRows() {
        return bad;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}

package org.nsr.csv;

import java.util.List;

/**
 * One good row of a CSV file: its cells (as many as the header has columns) and the line it
 * starts on. Refilled by {@link CsvRowReader#next}; copy what you keep.
 */
public final class CsvRow {
    String[] cells = new String[0];
    long line;
    private final List<String> header;

    CsvRow(List<String> header) {
        this.header = header;
    }

    public List<String> header() {
        return header;
    }

    /** The cell of column {@code i}; "" when empty. */
    public String cell(int i) {
        return cells[i];
    }

    /** The cells, in header order; the array is refilled by the next read. */
    public String[] cells() {
        return cells;
    }

    /** The cell of the named column, or null when the file has no such column. */
    public String cell(String column) {
        int i = header.indexOf(column);
        return i < 0 ? null : cells[i];
    }

    /** The 1-based line of the file the row starts on. */
    public long line() {
        return line;
    }

    public int size() {
        return cells.length;
    }
}

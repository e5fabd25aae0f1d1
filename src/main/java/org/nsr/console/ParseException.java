package org.nsr.console;

/**
 * A console line that is not a command: where (1-based column), what was expected and what was
 * found. Its message is the reply line without the {@code error: } prefix.
 */
public final class ParseException extends Exception {
    private final int column;

    public ParseException(int column, String expected, String got) {
        super("at column " + column + ": expected " + expected + ", got " + got);
        this.column = column;
    }

    public int column() {
        return column;
    }
}

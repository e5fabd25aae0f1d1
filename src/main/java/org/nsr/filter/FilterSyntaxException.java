package org.nsr.filter;

/**
 * A filter expression does not parse. The message names the column (1-based), what was found and
 * what was expected, followed by the expression and a caret under the column, so a command can
 * print it as is.
 */
public final class FilterSyntaxException extends Exception {
    private final int column;

    FilterSyntaxException(String expression, int column, String problem) {
        super("column " + column + ": " + problem + "\n  " + expression + "\n  " + " ".repeat(Math.max(0, column - 1))
                + "^");
        this.column = column;
    }

    /** Where the problem is, 1-based. */
    public int column() {
        return column;
    }
}

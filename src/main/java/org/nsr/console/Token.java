package org.nsr.console;

/**
 * One word or quoted string of a console line, with its 1-based column. {@code text} of a
 * quoted string is its content with the escapes undone.
 */
record Token(String text, int column, boolean quoted) {
    /** How an error message shows what it got. */
    String shown() {
        return quoted ? "\"" + text + "\"" : "'" + text + "'";
    }
}

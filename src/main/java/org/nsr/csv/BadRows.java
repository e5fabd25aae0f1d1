package org.nsr.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows a CSV reader skipped (wrong column count, undecodable bytes), with the line numbers of the
 * first {@value #KEPT} and a count of the rest. Not thread-safe: the reading thread owns it.
 */
public final class BadRows {
    public static final int KEPT = 10;

    private final List<String> first = new ArrayList<>();
    private long count;

    void add(long line, String why) {
        count++;
        if (first.size() < KEPT) {
            first.add("line " + line + " (" + why + ")");
        }
    }

    public long count() {
        return count;
    }

    /** The first {@value #KEPT} bad rows as "line N (why)". */
    public List<String> first() {
        return List.copyOf(first);
    }

    /** "none", or the first lines and how many more, for a summary. */
    public String describe() {
        if (count == 0) {
            return "none";
        }
        String shown = String.join(", ", first);
        return count > first.size() ? shown + " and " + (count - first.size()) + " more" : shown;
    }
}

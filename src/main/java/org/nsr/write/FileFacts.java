package org.nsr.write;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a writer knows about a file it published: how many of its records it counted as late and
 * what it sorted chunks by. Stored as the archive entry's comment, {@code nsr late_records=3 sort_by=timestamp},
 * so a reader can check that timestamps decrease only where the writer said records were late.
 */
public record FileFacts(long lateRecords, String sortBy) {
    private static final Pattern COMMENT = Pattern.compile("nsr late_records=(\\d+) sort_by=([a-z_]+)");

    public String toComment() {
        return "nsr late_records=" + lateRecords + " sort_by=" + sortBy;
    }

    /** Parses an entry comment; null when the archive carries none (or another program's). */
    public static FileFacts fromComment(String comment) {
        if (comment == null) {
            return null;
        }
        Matcher m = COMMENT.matcher(comment.trim());
        return m.matches() ? new FileFacts(Long.parseLong(m.group(1)), m.group(2)) : null;
    }
}

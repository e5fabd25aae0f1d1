package org.nsr.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.nsr.record.codec.JsonScan;

/**
 * Merges files of lines, each already in time order, into one time-ordered stream: how a lookup
 * over a store of several recorders answers as one recording. One line per file is held, so
 * memory does not grow with the answer. Equal times keep the files' order; a line without a
 * timestamp sorts as the time of the line before it in its file.
 */
final class TimeOrderedMerge {
    private static final byte[] NEWLINE = {'\n'};

    private TimeOrderedMerge() {
    }

    private static final class Head {
        final BufferedReader in;
        final int order;
        byte[] line;
        long time = Long.MIN_VALUE;

        Head(BufferedReader in, int order) {
            this.in = in;
            this.order = order;
        }

        boolean advance() throws IOException {
            String text = in.readLine();
            if (text == null) {
                return false;
            }
            line = text.getBytes(StandardCharsets.UTF_8); // encoded once: scanned, then written
            long t = JsonScan.timestampNanos(line, 0, line.length);
            if (t != JsonScan.NO_TIMESTAMP) {
                time = t;
            }
            return true;
        }
    }

    /** Writes every line of {@code files} to {@code out} in time order; returns the lines written. */
    static long merge(List<Path> files, OutputStream out) throws IOException {
        List<Head> heads = new ArrayList<>();
        PriorityQueue<Head> queue = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
                : Integer.compare(a.order, b.order));
        try {
            for (Path f : files) {
                Head h = new Head(Files.newBufferedReader(f, StandardCharsets.UTF_8), heads.size());
                heads.add(h);
                if (h.advance()) {
                    queue.add(h);
                }
            }
            long lines = 0;
            while (!queue.isEmpty()) {
                Head h = queue.poll();
                out.write(h.line);
                out.write(NEWLINE);
                lines++;
                if (h.advance()) {
                    queue.add(h);
                }
            }
            return lines;
        } finally {
            for (Head h : heads) {
                h.in.close();
            }
        }
    }
}

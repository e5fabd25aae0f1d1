package org.nsr.produce;

import java.io.PrintStream;

/**
 * Shows a producer's progress: on a terminal a bar redrawn in place (a count and rate when the
 * total is unknown), otherwise one line every {@value #LINE_EVERY} records, so logs stay short.
 * Not thread-safe: the producing thread calls it.
 */
final class ProgressReport {
    static final int LINE_EVERY = 10_000;
    private static final int BAR = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long startNanos;
    private long lastDraw;
    private long linesShown;
    private boolean drawn;

    ProgressReport(PrintStream out, boolean terminal, long total, long startNanos) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.startNanos = startNanos;
    }

    void update(long sent, long nowNanos) {
        if (!terminal) {
            if (sent / LINE_EVERY > linesShown) {
                linesShown = sent / LINE_EVERY;
                out.println("Sent " + sent + " records" + rate(sent, nowNanos));
            }
            return;
        }
        if (nowNanos - lastDraw < REDRAW_NANOS && sent != total) {
            return;
        }
        lastDraw = nowNanos;
        drawn = true;
        StringBuilder sb = new StringBuilder("\r");
        if (total > 0) {
            int filled = (int) (BAR * Math.min(sent, total) / total);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ")
                    .append(sent).append('/').append(total);
        } else {
            sb.append("Sent ").append(sent);
        }
        sb.append(rate(sent, nowNanos)).append("   ");
        out.print(sb);
        out.flush();
    }

    /** Ends the bar's line so the summary starts on its own. */
    void finish() {
        if (drawn) {
            out.println();
        }
    }

    private String rate(long sent, long nowNanos) {
        double secs = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        return String.format(" (%.0f records/s)", sent / secs);
    }
}

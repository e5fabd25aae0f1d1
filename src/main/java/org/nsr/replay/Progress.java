package org.nsr.replay;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nsr.core.Ticker;

/**
 * A one-line progress bar on stderr: files done out of files to read, records replayed, and the
 * replay position. Redrawn at most every {@value #REDRAW_NANOS} ns of the {@link Ticker}'s monotonic time.
 * Only shown when stderr is a terminal ({@link #stderrIsTerminal()}), so logs and pipes stay clean.
 */
public final class Progress {
    static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final Ticker clock;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    public Progress(PrintStream err, Ticker clock) {
        this.err = err;
        this.clock = clock;
    }

    /**
     * True when file descriptor 2 is a terminal. Java has no isatty, so this reads where
     * {@code /proc/self/fd/2} points (Linux); elsewhere it answers false and no bar is drawn.
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    /** Redraws when due; cheap to call for every record. */
    public void update(long filesDone, long filesTotal, long records, long recordNanos) {
        long now = clock.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        int filled = filesTotal <= 0 ? 0 : (int) Math.min(WIDTH, filesDone * WIDTH / filesTotal);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + filesDone + "/" + filesTotal
                + " files, " + records + " records, at "
                + org.nsr.record.EpochNanos.toInstant(recordNanos));
        err.flush();
    }

    /** Ends the bar's line so later output starts on a fresh one. */
    public void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}

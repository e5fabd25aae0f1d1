package org.nsr.console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A socket's output stream that notes when a write or flush began and has not returned, so a
 * watchdog can close the socket of a client that stopped reading: a blocking socket write has no
 * timeout of its own. Thread-safe for the watchdog's reads; one writer at a time.
 */
final class WatchedOutputStream extends FilterOutputStream {
    private volatile long writingSince; // System.nanoTime() at the start of the write in progress; 0 when idle

    WatchedOutputStream(OutputStream out) {
        super(out);
    }

    /** How long the write in progress has been blocked, 0 when none is. */
    long blockedNanos(long nowNanos) {
        long since = writingSince;
        return since == 0 ? 0 : nowNanos - since;
    }

    @Override
    public void write(int b) throws IOException {
        begin();
        try {
            out.write(b);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        begin();
        try {
            out.write(b, off, len);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        begin();
        try {
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    private void begin() {
        long now = System.nanoTime();
        writingSince = now == 0 ? 1 : now;
    }
}

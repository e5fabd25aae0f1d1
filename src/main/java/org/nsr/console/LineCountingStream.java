package org.nsr.console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Counts the lines written through it and stops a cancelled query: a write on an interrupted
 * thread throws {@link InterruptedIOException}. Records whether the underlying stream failed, so
 * a failed client is told apart from a failed query.
 */
final class LineCountingStream extends FilterOutputStream {
    private long lines;
    private boolean outputFailed;

    LineCountingStream(OutputStream out) {
        super(out);
    }

    long lines() {
        return lines;
    }

    boolean outputFailed() {
        return outputFailed;
    }

    @Override
    public void write(int b) throws IOException {
        check();
        if (b == '\n') {
            lines++;
        }
        try {
            out.write(b);
        } catch (IOException e) {
            outputFailed = true;
            throw e;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            outputFailed = true;
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            outputFailed = true;
            throw e;
        }
    }

    @Override
    public void close() {
        // the session owns the connection's stream
    }

    private static void check() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("query cancelled");
        }
    }
}

package org.nsr.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output as a stream that reports failures: PrintStream swallows IOExceptions, which
 * would let a run go on writing into a closed pipe. Not closed at the end, only flushed.
 */
final class StandardOutput extends OutputStream {
    private final PrintStream target;

    StandardOutput(PrintStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
        check();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
        check();
    }

    @Override
    public void flush() throws IOException {
        target.flush();
        check();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void check() throws IOException {
        if (target.checkError()) {
            throw new IOException("write failed (closed pipe?)");
        }
    }
}

package org.nsr.archive;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Splits an input stream into lines with one reusable buffer. The buffer grows to hold the longest
 * line seen, up to {@code maxLineBytes}; a longer line makes the file {@link
 * DamagedFileException.Kind#LINE_TOO_LONG} rather than exhausting memory.
 */
final class StreamLineSource implements LineSource {
    private final Path file;
    private final InputStream in;
    private final int maxLineBytes;
    private final EndCheck endCheck;
    private byte[] buf;
    private int start;
    private int limit;
    private int lineOffset;
    private int lineLength;
    private long lineNumber;
    private long bytesRead;
    private boolean eof;
    private boolean unterminated;

    /** Called once when the stream is exhausted, e.g. to compare CRCs. */
    interface EndCheck {
        void atEnd() throws IOException;
    }

    StreamLineSource(Path file, InputStream in, int bufferBytes, int maxLineBytes, EndCheck endCheck) {
        this.file = file;
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.endCheck = endCheck;
        this.buf = new byte[Math.min(bufferBytes, Math.max(1024, maxLineBytes))];
    }

    @Override
    public boolean next() throws IOException {
        int scanFrom = start;
        while (true) {
            int nl = indexOfNewline(buf, scanFrom, limit);
            if (nl >= 0) {
                lineOffset = start;
                lineLength = nl - start;
                start = nl + 1;
                lineNumber++;
                unterminated = false;
                if (lineLength > 0 && buf[nl - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (eof) {
                if (start < limit) {
                    lineOffset = start;
                    lineLength = limit - start;
                    start = limit;
                    lineNumber++;
                    unterminated = true;
                    return true;
                }
                return false;
            }
            scanFrom = limit;
            fill();
            scanFrom -= shiftedBy;
        }
    }

    private int shiftedBy;

    /** Moves the partial line to the front (growing the buffer if it is full) and reads more. */
    private void fill() throws IOException {
        shiftedBy = 0;
        if (start > 0) {
            int remaining = limit - start;
            System.arraycopy(buf, start, buf, 0, remaining);
            shiftedBy = start;
            start = 0;
            limit = remaining;
        }
        if (limit == buf.length) {
            if (buf.length >= maxLineBytes) {
                throw new DamagedFileException(file, DamagedFileException.Kind.LINE_TOO_LONG,
                        "line " + (lineNumber + 1) + " is longer than the limit of " + maxLineBytes + " bytes", null);
            }
            buf = Arrays.copyOf(buf, (int) Math.min(maxLineBytes, buf.length * 2L));
        }
        int n = ArchiveReader.translate(file, () -> in.read(buf, limit, buf.length - limit));
        if (n < 0) {
            eof = true;
            endCheck.atEnd();
        } else {
            limit += n;
            bytesRead += n;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    /** Finds the next newline eight bytes at a time (the zero-byte test on {@code word ^ '\n'*8}). */
    private static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public byte[] array() {
        return buf;
    }

    @Override
    public int offset() {
        return lineOffset;
    }

    @Override
    public int length() {
        return lineLength;
    }

    @Override
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public boolean currentLineUnterminated() {
        return unterminated;
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

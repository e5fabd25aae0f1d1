package org.nsr.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a known number of RESP replies and only counts them: a pipelined batch's XADD replies are
 * IDs nobody keeps, and parsing each into a byte array in a list was most of the sending
 * thread's own work. Replies are skipped in a reused buffer; an error reply is kept as text (the
 * first one of the batch) and counted, and every reply is still consumed so the connection stays
 * in step with Redis.
 *
 * <p>Not thread-safe: one per connection, used by the thread that sends on it.
 */
final class ReplyCounter {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int end;

    ReplyCounter(InputStream in, int bufferBytes) {
        this.in = in;
        this.buf = new byte[bufferBytes];
    }

    /** What a batch's replies said: how many were errors, and the first error's text (null when none). */
    record Outcome(int replies, int errors, String firstError) {
    }

    /** Reads exactly {@code n} replies. */
    Outcome read(int n) throws IOException {
        int errors = 0;
        String first = null;
        for (int i = 0; i < n; i++) {
            byte type = next();
            if (type == '-') {
                String message = line();
                if (first == null) {
                    first = message;
                }
                errors++;
            } else {
                skipRest(type);
            }
        }
        return new Outcome(n, errors, first);
    }

    /** Skips the reply whose type byte was just read; arrays (RESP2 or 3 aggregates) element by element. */
    private void skipRest(byte type) throws IOException {
        switch (type) {
            case '$', '=', '!' -> {
                long len = number();
                if (len >= 0) {
                    skip(len + 2);
                }
            }
            case '*', '~', '>' -> {
                long count = number();
                for (long k = 0; k < count; k++) {
                    skipRest(next());
                }
            }
            case '%', '|' -> {
                long count = number();
                for (long k = 0; k < 2 * count; k++) {
                    skipRest(next());
                }
            }
            default -> skipLine(); // +OK, :n, _, #t, ,1.5, (big number, and -errors nested in arrays
        }
    }

    private byte next() throws IOException {
        if (pos == end) {
            fill();
        }
        return buf[pos++];
    }

    /** The signed decimal number up to CRLF. */
    private long number() throws IOException {
        long v = 0;
        boolean negative = false;
        byte b = next();
        if (b == '-') {
            negative = true;
            b = next();
        }
        while (b != '\r') {
            v = v * 10 + (b - '0');
            b = next();
        }
        next(); // \n
        return negative ? -v : v;
    }

    private void skipLine() throws IOException {
        while (true) {
            if (pos == end) {
                fill();
            }
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            pos = end;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        byte b;
        while ((b = next()) != '\r') {
            sb.append((char) (b & 0xFF));
        }
        next();
        return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == end) {
                fill();
            }
            int step = (int) Math.min(n, end - pos);
            pos += step;
            n -= step;
        }
    }

    private void fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r < 0) {
            throw new EOFException("Redis closed the connection in the middle of a batch's replies");
        }
        pos = 0;
        end = r;
    }
}

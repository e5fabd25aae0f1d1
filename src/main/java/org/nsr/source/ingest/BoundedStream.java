package org.nsr.source.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.nsr.server.BodyTooLargeException;

/** An inflated body, cut off with {@link BodyTooLargeException} (413) past the size limit. */
final class BoundedStream extends FilterInputStream {
    private final long limit;
    private long read;

    BoundedStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, (int) Math.min(len, limit - read + 1));
        if (n > 0 && (read += n) > limit) {
            throw new BodyTooLargeException(limit, "inflated gzip body");
        }
        return n;
    }
}

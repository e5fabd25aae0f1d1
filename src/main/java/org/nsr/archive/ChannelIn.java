package org.nsr.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads {@code length} bytes of a file channel from a position, leaving the channel open; not thread-safe. */
final class ChannelIn extends InputStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    ChannelIn(FileChannel channel, long position, long length) {
        this.channel = channel;
        this.position = position;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int want = (int) Math.min(len, remaining);
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            throw new EOFException("file ends " + remaining + " bytes before the expected end at "
                    + (position + remaining));
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() {
        // The channel belongs to the caller.
    }
}

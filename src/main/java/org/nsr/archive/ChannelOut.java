package org.nsr.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Writes to a file channel from a given position on, leaving the channel open; not thread-safe. */
final class ChannelOut extends OutputStream {
    private final FileChannel channel;
    private long position;

    ChannelOut(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
    }

    long position() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
    }

    @Override
    public void close() {
        // The channel belongs to the caller.
    }
}

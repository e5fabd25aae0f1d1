package org.nsr.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Messages appended to a stream, back to back: for IPFIX that is the RFC 5655 file layout, for
 * NetFlow v9 the same concatenation. Buffers up to {@link #BUFFER_BYTES} so the hot path does not
 * make a system call per message.
 */
public final class FileMessageOutput implements MessageOutput {
    static final int BUFFER_BYTES = 1 << 20;

    private final OutputStream out;
    private final String name;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;
    private long messages;
    private long bytes;

    public FileMessageOutput(OutputStream out, String name) {
        this.out = out;
        this.name = name;
    }

    @Override
    public void send(ByteBuffer message) throws IOException {
        int len = message.remaining();
        if (used + len > buffer.length) {
            drain();
        }
        if (len > buffer.length) {
            out.write(message.array(), message.arrayOffset() + message.position(), len);
        } else {
            message.get(buffer, used, len);
            used += len;
        }
        messages++;
        bytes += len;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    /** Writes the buffer out and flushes the stream. */
    public void flushStream() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public String summary() {
        return messages + " messages, " + bytes + " bytes written to " + name;
    }

    @Override
    public void close() throws IOException {
        try {
            flushStream();
        } finally {
            out.close();
        }
    }
}

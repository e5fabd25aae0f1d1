package org.nsr.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inflates an archive entry on a helper thread, one block ahead of the reader, so decompression
 * (most of the cost of reading an archive) overlaps with splitting and handling lines on the
 * reading thread.
 *
 * <p>Bounded: at most {@code blocks} blocks of {@code blockBytes} exist per stream, recycled
 * between the two threads. An error on the helper thread (a corrupt entry, a CRC mismatch found by
 * {@code atEnd}) reaches the reader in order, after the blocks read before it. {@link #close()}
 * stops the helper thread and joins it before closing the source.
 */
final class ReadAheadStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAheadStream.class);
    private static final long JOIN_MILLIS = 5_000;

    private final InputStream source;
    private final BlockingQueue<Block> full;
    private final BlockingQueue<byte[]> free;
    private final Thread helper;
    private Block current;
    private int pos;
    private boolean done;
    private volatile boolean closed;

    /** A filled block, the end ({@code length < 0}), or a failure. */
    private record Block(byte[] bytes, int length, IOException failure) {
    }

    ReadAheadStream(InputStream source, StreamLineSource.EndCheck atEnd, int blockBytes, int blocks, String name) {
        this.source = source;
        this.full = new ArrayBlockingQueue<>(blocks + 1);
        this.free = new ArrayBlockingQueue<>(blocks);
        for (int i = 0; i < blocks; i++) {
            free.add(new byte[blockBytes]);
        }
        this.helper = new Thread(() -> fill(atEnd), "nsr read-ahead " + name);
        helper.setDaemon(true);
        helper.start();
    }

    private void fill(StreamLineSource.EndCheck atEnd) {
        try {
            while (!closed) {
                byte[] b = free.take();
                int n = 0;
                while (n < b.length) {
                    int r = source.read(b, n, b.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                if (n > 0) {
                    full.put(new Block(b, n, null));
                }
                if (n < b.length) {
                    atEnd.atEnd();
                    full.put(new Block(null, -1, null));
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed by the reader
        } catch (IOException e) {
            full.offer(new Block(null, -1, e)); // room is guaranteed: blocks + 1 slots
        } catch (RuntimeException e) {
            full.offer(new Block(null, -1, new IOException("reading failed: " + e, e)));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (current == null || pos == current.length()) {
            if (done) {
                return -1;
            }
            if (current != null) {
                free.offer(current.bytes());
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for inflated data");
            }
            pos = 0;
            if (current.failure() != null) {
                done = true;
                throw current.failure();
            }
            if (current.length() < 0) {
                done = true;
                current = null;
                return -1;
            }
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.bytes(), pos, dst, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        helper.interrupt();
        try {
            helper.join(JOIN_MILLIS);
            if (helper.isAlive()) {
                LOG.warn("{} did not stop within {} ms", helper.getName(), JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}

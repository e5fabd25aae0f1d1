package org.nsr.source.http;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array the JSON generator writes the finished line into. Unlike
 * ByteArrayOutputStream it hands its array over without a final copy.
 */
final class ByteSink extends OutputStream {
    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length + (bytes.length >> 1)));
        }
    }
}

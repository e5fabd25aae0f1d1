package org.nsr.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * XADD commands to one stream, encoded as RESP into one reusable byte array: a batch goes to Redis
 * in one socket write, and filling it makes no object per entry (the per-argument byte arrays and
 * Jedis's command objects were a third of the producer's time). Each entry is
 * {@code XADD key [MAXLEN ~ n] * name value …}; start it with {@link #startEntry} and give
 * exactly that many names and values with the {@code bulk} methods.
 *
 * <p>Not thread-safe: one thread fills a batch, then hands it whole to the sender.
 */
public final class XaddBatch {
    private static final byte[] CRLF = {'\r', '\n'};

    private final String stream;
    /** {@code $4 XADD $k key [$6 MAXLEN $1 ~ $n n] $1 *}: the same for every entry. */
    private final byte[] prefix;
    private final int prefixArgs;
    private byte[] buf;
    private int size;
    private int entries;
    private int entryStart;
    private int argsLeft;

    /** @param maxLen the approximate bound on the stream ({@code MAXLEN ~}), or 0 for none */
    public XaddBatch(String stream, long maxLen, int initialBytes) {
        this.stream = stream;
        XaddBatch p = new XaddBatch(stream, new byte[0], 0, 256);
        p.bulk("XADD");
        p.bulk(stream);
        int args = 2;
        if (maxLen > 0) {
            p.bulk("MAXLEN");
            p.bulk("~");
            p.bulk(Long.toString(maxLen));
            args += 3;
        }
        p.bulk("*");
        this.prefix = Arrays.copyOf(p.buf, p.size);
        this.prefixArgs = args + 1;
        this.buf = new byte[Math.max(1024, initialBytes)];
    }

    private XaddBatch(String stream, byte[] prefix, int prefixArgs, int initialBytes) {
        this.stream = stream;
        this.prefix = prefix;
        this.prefixArgs = prefixArgs;
        this.buf = new byte[initialBytes];
        this.argsLeft = Integer.MAX_VALUE;
    }

    public String stream() {
        return stream;
    }

    /** Starts the next entry, of {@code fields} name and value pairs. */
    public XaddBatch startEntry(int fields) {
        if (argsLeft != 0 && entries > 0) {
            throw new IllegalStateException("entry " + entries + " still needs " + argsLeft + " arguments");
        }
        entryStart = size;
        ensure(prefix.length + 16);
        buf[size++] = '*';
        appendInt(prefixArgs + 2 * fields);
        crlf();
        System.arraycopy(prefix, 0, buf, size, prefix.length);
        size += prefix.length;
        argsLeft = 2 * fields;
        entries++;
        return this;
    }

    /** Drops the entry being written (its row turned out bad halfway). */
    public void abandonEntry() {
        if (entries > 0 && size > entryStart) {
            size = entryStart;
            entries--;
            argsLeft = 0;
        }
    }

    public XaddBatch bulk(byte[] b) {
        return bulk(b, 0, b.length);
    }

    public XaddBatch bulk(byte[] b, int off, int len) {
        argsLeft--;
        ensure(len + 16);
        buf[size++] = '$';
        appendInt(len);
        crlf();
        System.arraycopy(b, off, buf, size, len);
        size += len;
        crlf();
        return this;
    }

    /** A string argument as UTF-8, written straight from its chars when it is ASCII (checked while copying). */
    public XaddBatch bulk(String s) {
        int n = s.length();
        ensure(n + 16);
        int start = size;
        buf[size++] = '$';
        appendInt(n);
        crlf();
        byte[] b = buf;
        int at = size;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                size = start; // not ASCII: its UTF-8 length differs from n
                return bulk(s.getBytes(StandardCharsets.UTF_8));
            }
            b[at + i] = (byte) ch;
        }
        size = at + n;
        argsLeft--;
        crlf();
        return this;
    }

    /** Complete entries held. */
    public int entries() {
        return argsLeft == 0 || entries == 0 ? entries : entries - 1;
    }

    /** Bytes of RESP held, complete entries only. */
    public int bytes() {
        return argsLeft == 0 ? size : entryStart;
    }

    public boolean isEmpty() {
        return entries() == 0;
    }

    public void clear() {
        size = 0;
        entries = 0;
        entryStart = 0;
        argsLeft = 0;
    }

    /** The encoded commands, bytes {@code [0, bytes())}; valid until the next change. */
    byte[] array() {
        return buf;
    }

    private void crlf() {
        buf[size++] = CRLF[0];
        buf[size++] = CRLF[1];
    }

    private void appendInt(int v) {
        if (v == 0) {
            buf[size++] = '0';
            return;
        }
        int digits = 0;
        for (int x = v; x > 0; x /= 10) {
            digits++;
        }
        int pos = size + digits;
        size = pos;
        for (int x = v; x > 0; x /= 10) {
            buf[--pos] = (byte) ('0' + x % 10);
        }
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + extra, buf.length * 2));
        }
    }
}

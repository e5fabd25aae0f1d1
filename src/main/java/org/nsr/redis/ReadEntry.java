package org.nsr.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry read from a stream, in one array as Redis sent it: its ID ({@code <ms>-<seq>}, ASCII),
 * then each field's name and value, back to back. Part 0 is the ID, parts 1, 2, ... the names and
 * values in turn. One array and one index an entry, not an array per field: a recorded entry goes
 * into its line from here without being decoded. The array is the entry's own: its user may
 * rewrite a value in place (the Redis source compacts {@code data} there). Not thread-safe.
 */
public final class ReadEntry {
    private final byte[] bytes;
    /** ends[p]: where part p ends; part p starts where part p - 1 ends (part 0 at 0). */
    private final int[] ends;

    ReadEntry(byte[] bytes, int[] ends) {
        this.bytes = bytes;
        this.ends = ends;
    }

    /** An entry from its ID and its fields' names and values as separate arrays (copied). */
    public static ReadEntry of(byte[] id, byte[][] namesAndValues) {
        int[] ends = new int[1 + namesAndValues.length];
        int n = id.length;
        ends[0] = n;
        for (int i = 0; i < namesAndValues.length; i++) {
            n += namesAndValues[i].length;
            ends[i + 1] = n;
        }
        byte[] b = Arrays.copyOf(id, n);
        for (int i = 0; i < namesAndValues.length; i++) {
            System.arraycopy(namesAndValues[i], 0, b, ends[i], namesAndValues[i].length);
        }
        return new ReadEntry(b, ends);
    }

    /** The entry's ID as text. */
    public String id() {
        return new String(bytes, 0, ends[0], StandardCharsets.US_ASCII);
    }

    /** A copy of the entry's ID as Redis sent it. */
    public byte[] idBytes() {
        return Arrays.copyOf(bytes, ends[0]);
    }

    /** The array that holds the entry's parts. */
    public byte[] bytes() {
        return bytes;
    }

    public int start(int part) {
        return part == 0 ? 0 : ends[part - 1];
    }

    public int end(int part) {
        return ends[part];
    }

    /** The part that holds the value of the first field of that name, or -1. */
    public int valuePart(byte[] name) {
        for (int p = 1; p + 1 < ends.length; p += 2) {
            if (Arrays.equals(bytes, start(p), end(p), name, 0, name.length)) {
                return p + 1;
            }
        }
        return -1;
    }

    /** A copy of the value of the first field of that name, or null. */
    public byte[] field(byte[] name) {
        int p = valuePart(name);
        return p < 0 ? null : Arrays.copyOfRange(bytes, start(p), end(p));
    }

    /** The fields as text, in order (a copy). */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int p = 1; p + 1 < ends.length; p += 2) {
            m.putIfAbsent(text(p), text(p + 1));
        }
        return m;
    }

    private String text(int part) {
        return new String(bytes, start(part), end(part) - start(part), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return id() + " " + fields();
    }
}

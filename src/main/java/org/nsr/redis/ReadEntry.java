package org.nsr.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry read from a stream: its ID ({@code <ms>-<seq>}, ASCII) and its field names and values
 * as Redis sent them, bytes not Strings: a recorded entry goes into its line without being
 * decoded. Immutable by convention: the arrays are not copied.
 */
public final class ReadEntry {
    private final byte[] id;
    private final byte[][] namesAndValues;

    public ReadEntry(byte[] id, byte[][] namesAndValues) {
        this.id = id;
        this.namesAndValues = namesAndValues;
    }

    /** The entry's ID as text. */
    public String id() {
        return new String(id, StandardCharsets.US_ASCII);
    }

    /** The entry's ID as Redis sent it; not to be changed. */
    public byte[] idBytes() {
        return id;
    }

    /** The value of the first field of that name, or null. */
    public byte[] field(byte[] name) {
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (Arrays.equals(namesAndValues[i], name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** The fields as text, in order (a copy). */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            m.putIfAbsent(new String(namesAndValues[i], StandardCharsets.UTF_8),
                    new String(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public String toString() {
        return id() + " " + fields();
    }
}

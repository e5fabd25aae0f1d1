package org.nsr.redis;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry to add to a stream: its field names and values, alternating, in order. Kept as one
 * array, not a map: the producer makes one per row, and two maps a row were a hot spot. Immutable
 * by convention: the array is the caller's to give away.
 */
public final class StreamEntry {
    private final String[] namesAndValues;

    private StreamEntry(String[] namesAndValues) {
        if (namesAndValues.length == 0 || namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected field names and values in pairs, got "
                    + namesAndValues.length + " strings");
        }
        this.namesAndValues = namesAndValues;
    }

    /** An entry of {@code name, value, name, value, …}; the array is taken as it is, not copied. */
    public static StreamEntry of(String... namesAndValues) {
        return new StreamEntry(namesAndValues);
    }

    /** An entry with the fields of {@code fields}, in its order. */
    public static StreamEntry of(Map<String, String> fields) {
        String[] nv = new String[fields.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            nv[i++] = f.getKey();
            nv[i++] = f.getValue();
        }
        return new StreamEntry(nv);
    }

    int size() {
        return namesAndValues.length / 2;
    }

    String name(int i) {
        return namesAndValues[2 * i];
    }

    String value(int i) {
        return namesAndValues[2 * i + 1];
    }

    /** The fields as a map in order (a copy). */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) {
            m.put(name(i), value(i));
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamEntry e && Arrays.equals(namesAndValues, e.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    @Override
    public String toString() {
        return fields().toString();
    }
}

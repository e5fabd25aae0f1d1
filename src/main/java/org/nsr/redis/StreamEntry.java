package org.nsr.redis;

import java.util.Map;

/** One entry to add to a stream: its fields in order. Immutable. */
public record StreamEntry(Map<String, String> fields) {
    public StreamEntry {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}

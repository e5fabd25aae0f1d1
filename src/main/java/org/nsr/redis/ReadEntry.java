package org.nsr.redis;

import java.util.Map;

/** One entry read from a stream: its ID ({@code <ms>-<seq>}) and fields. Immutable. */
public record ReadEntry(String id, Map<String, String> fields) {
}

package org.nsr.app;

/**
 * The recorder's start order, lowest first; stop is the reverse. Flume's rule with a lock and an
 * endpoint around it: what others depend on starts first and stops last.
 */
final class Layers {
    /** The output-directory lock: nothing touches the directory before it. */
    static final int LOCK = 0;
    /** /metrics and /health: up for the whole start and the whole drain. */
    static final int ENDPOINT = 1;
    /** Compression (which recovers the directory as it starts) and retention. */
    static final int ARCHIVE = 2;
    /** Non-blocking sinks such as live taps. */
    static final int TAPS = 3;
    /** File writers: stopped once their sources are, they drain and publish. */
    static final int WRITERS = 4;
    /** Sources: stopped first. */
    static final int SOURCES = 5;
    /** The stats line and supervision. */
    static final int MONITORS = 6;

    private Layers() {
    }
}

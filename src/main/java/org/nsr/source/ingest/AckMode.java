package org.nsr.source.ingest;

/** When a POST is answered 200. */
enum AckMode {
    /** Once the records are fsynced (the durable watermark covers them; one fsync serves every waiter). */
    DURABLE,
    /** Once the records are in the queue. */
    ACCEPTED;

    String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

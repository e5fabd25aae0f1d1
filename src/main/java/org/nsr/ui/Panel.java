package org.nsr.ui;

/**
 * One more part of the dashboard's snapshot (the detector's alerts, later the index and console):
 * {@link #snapshot} is called once a tick on the publisher's thread and must not block.
 */
public interface Panel {
    /** The key of the snapshot's field, e.g. {@code "attacks"}. */
    String key();

    /** A value Jackson can write (maps, lists, records, numbers, strings). */
    Object snapshot(long nowNanos);
}

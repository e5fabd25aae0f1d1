package org.nsr.lifecycle;

/**
 * A service that can give up at once when its stop outlives the deadline: interrupt its threads
 * and leave what is unfinished for recovery at the next start. The {@link ServiceManager} calls
 * {@link #abort()} on a lagging service after naming it in the log.
 */
public interface Abortable {
    /** Gives up now; must not block. */
    void abort();
}

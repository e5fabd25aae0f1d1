package org.nsr.source;

import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;

/**
 * Something that produces records: an HTTP poller, a flow generator.
 *
 * <p>Threading: the {@link SourceRunner} calls {@link #run} on a thread named after the source,
 * and raises {@code stop} to end it. A source may start helper threads of its own but must have
 * joined them before {@code run} returns. Work already in flight when stop is raised (a poll
 * waiting on its response) completes, and its record is put on the channel before returning:
 * every record the source produced is handed on, none is discarded at stop.
 *
 * <p>Failures of single attempts (a bad response) are the source's own business: it counts and
 * logs them and carries on. {@code run} throws only for a fault that makes the source useless.
 */
public interface Source {

    /** The source's name: its channel, its thread and its file names carry it. */
    String name();

    /**
     * Prepares what must be ready before the source counts as started: a listener binds here, so
     * a taken port fails the recorder's start (exit 1) instead of a retry loop, and the
     * recorder's {@code /health} says {@code starting} until this returns. Called once, on the
     * source's thread, before the first {@link #run}. Nothing by default.
     */
    default void open() throws Exception {
    }

    /** Produces records into {@code out} until {@code stop} is raised. */
    void run(Channel out, StopSignal stop) throws Exception;
}

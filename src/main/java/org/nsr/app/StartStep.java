package org.nsr.app;

import org.nsr.lifecycle.AbstractService;

/**
 * One thing done once at start, in its place in the start order, as a service: the recording
 * manifest, taking back rescued files. A step that throws fails the start, which stops what
 * started before it. Stopping it does nothing.
 */
final class StartStep extends AbstractService {

    /** The work of the step. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private final Work work;

    StartStep(String name, Work work) {
        super(name);
        this.work = work;
    }

    @Override
    protected void doStart() throws Exception {
        work.run();
        notifyStarted();
    }

    @Override
    protected void doStop() {
        notifyStopped();
    }
}

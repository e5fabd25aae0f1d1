package org.nsr.core;


import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a {@link StopSignal}, so the main thread runs the ordered stop
 * and chooses the exit status itself (0 after a complete drain) instead of the JVM's shutdown
 * path exiting with 143. Uses {@code sun.misc.Signal}, the one supported-in-practice way to
 * handle a signal in Java 17.
 */
public final class SignalStop {
    private static final Logger log = LoggerFactory.getLogger(SignalStop.class);

    private SignalStop() {
    }

    /**
     * Installs handlers that raise {@code stop} on SIGTERM or SIGINT.
     *
     * @param received set to the name of the first signal received
     */
    public static void install(StopSignal stop, AtomicReference<String> received) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> {
                if (received.compareAndSet(null, "SIG" + sig.getName())) {
                    log.info("SIG{} received: stopping gracefully", sig.getName());
                } else if (sig.getName().equals("INT")) {
                    // A person pressing Ctrl-C twice wants out now; what is unfinished is recovered at next start.
                    log.warn("SIGINT received again: exiting now without draining; the next start recovers the files");
                    Runtime.getRuntime().halt(130);
                } else {
                    log.info("SIG{} received again: already stopping", sig.getName());
                }
                stop.raise();
            });
        }
    }

    /** Installs a handler for another signal (e.g. HUP for reload). */
    public static void onSignal(String name, Runnable action) {
        Signal.handle(new Signal(name), sig -> action.run());
    }
}

package org.nsr.sink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of {@link FileEvent}s: the writers, the compression pool and retention publish;
 * anyone may subscribe. Subscribers run on the publishing thread (a writer, a compression
 * worker) and must not block; a subscriber that throws is logged and the others still hear.
 */
public final class FileEvents {
    private static final Logger log = LoggerFactory.getLogger(FileEvents.class);

    /** Subscribers are told in subscription order. */
    @FunctionalInterface
    public interface Listener {
        void onFileEvent(FileEvent event);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    public void publish(FileEvent event) {
        for (Listener l : listeners) {
            try {
                l.onFileEvent(event);
            } catch (RuntimeException e) {
                log.warn("a file event subscriber failed on {}", event, e);
            }
        }
    }
}

package org.nsr.ui;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's server-sent event clients. Each client has a bounded queue of events; the
 * publisher offers each event to every client and never waits. A client whose queue is full (it
 * reads slower than events come) is dropped: its queue is discarded, its stream ends as soon as
 * its thread is free, and the drop is counted in {@code nsr_dashboard_clients_dropped_total}.
 * At most {@code maxClients} streams are open; one more is refused (counted).
 *
 * <p>Thread-safe.
 */
final class EventHub {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    /** One open stream: its events, and whether it was dropped. */
    static final class Client {
        private final BlockingQueue<String> events;
        private volatile boolean dropped;

        Client(int capacity) {
            this.events = new ArrayBlockingQueue<>(capacity);
        }

        /** The next event, or null after {@code timeoutMillis} or when the client was dropped. */
        String next(long timeoutMillis) throws InterruptedException {
            return dropped ? null : events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }

        boolean dropped() {
            return dropped;
        }
    }

    private final int maxClients;
    private final int perClientEvents;
    private final CopyOnWriteArrayList<Client> clients = new CopyOnWriteArrayList<>();
    private final Counter droppedClients;
    private final Counter refusedClients;
    private final Counter connects;

    EventHub(int maxClients, int perClientEvents, Metrics metrics) {
        this.maxClients = maxClients;
        this.perClientEvents = perClientEvents;
        this.droppedClients = metrics.counter("nsr_dashboard_clients_dropped_total",
                "Dashboard event streams dropped because the client read slower than events came");
        this.refusedClients = metrics.counter("nsr_dashboard_clients_refused_total",
                "Dashboard event streams refused because max_clients were open");
        this.connects = metrics.counter("nsr_dashboard_clients_total", "Dashboard event streams opened");
        metrics.gauge("nsr_dashboard_clients_open", "Dashboard event streams open", clients::size);
    }

    /** A new client whose first event is {@code first}, or null when {@code maxClients} are open. */
    synchronized Client join(String first) {
        if (clients.size() >= maxClients) {
            refusedClients.increment();
            log.warn("dashboard: refused an event stream: {} are open (dashboard.max_clients)", maxClients);
            return null;
        }
        Client c = new Client(perClientEvents);
        c.events.offer(first);
        clients.add(c);
        connects.increment();
        return c;
    }

    void leave(Client c) {
        clients.remove(c);
    }

    /** Offers one event to every client; a client with no room is dropped. Never blocks. */
    void publish(String event) {
        for (Client c : clients) {
            if (!c.events.offer(event)) {
                c.dropped = true;
                c.events.clear();
                clients.remove(c);
                droppedClients.increment();
                log.warn("dashboard: dropped an event stream whose client is {} events behind"
                        + " (counted in nsr_dashboard_clients_dropped_total)", perClientEvents);
            }
        }
    }

    int size() {
        return clients.size();
    }

    long droppedCount() {
        return droppedClients.get();
    }
}

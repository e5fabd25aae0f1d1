package org.nsr.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.nsr.core.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one coordinator of a set of {@link Service}s, ordered by layer: a lower layer is what a
 * higher one depends on (the output-dir lock, then the endpoint, compression, writers, sources,
 * timers). Start goes up the layers, each layer started and awaited before the next; stop goes
 * down them under one deadline, every service of a layer told to stop at once and then awaited.
 * A service that is still not stopped when the deadline passes is named in a WARN and, if it is
 * {@link Abortable}, aborted. A service that FAILS at start stops every service already started.
 *
 * <p>Services may be added and removed while running (a reload changes the sources). Threading:
 * start, stop, add and remove are called from one control thread; {@link #snapshot()} and
 * {@link #phase()} may be read from any thread (the health endpoint).
 */
public final class ServiceManager {
    private static final Logger log = LoggerFactory.getLogger(ServiceManager.class);
    /** How long services told to give up get to do so (a writer rescuing what it holds) before the next layer. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(2);

    /** What the set as a whole is doing. */
    public enum Phase { NEW, STARTING, RUNNING, STOPPING, STOPPED }

    /** One service as health and logs see it. */
    public record Status(String name, int layer, Service.State state, Throwable cause) {
    }

    /**
     * How a stop went.
     *
     * @param lagged the services that did not stop before the deadline, by name
     * @param failed the services that ended FAILED, by name
     */
    public record StopReport(List<String> lagged, List<String> failed) {
        public boolean clean() {
            return lagged.isEmpty() && failed.isEmpty();
        }
    }

    private record Entry(int layer, long order, Service service) {
    }

    private final Ticker ticker;
    private final Object lock = new Object();
    private final List<Entry> entries = new ArrayList<>();
    private long added;
    private volatile Phase phase = Phase.NEW;

    public ServiceManager(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Adds a service to {@code layer}; it starts with {@link #startAll}, or at once via {@link #addAndStart}. */
    public void add(int layer, Service service) {
        synchronized (lock) {
            entries.add(new Entry(layer, added++, service));
        }
    }

    /** Adds a service to a running set and starts it; waits until it runs. */
    public void addAndStart(int layer, Service service) throws InterruptedException {
        add(layer, service);
        service.startAsync();
        service.awaitRunning();
    }

    /** Forgets a service that has stopped (a source removed by a reload). */
    public void remove(Service service) {
        synchronized (lock) {
            entries.removeIf(e -> e.service() == service);
        }
    }

    public Phase phase() {
        return phase;
    }

    /** Every service, in start order, with its state. */
    public List<Status> snapshot() {
        List<Status> out = new ArrayList<>();
        for (Entry e : ordered()) {
            out.add(new Status(e.service().serviceName(), e.layer(), e.service().state(), e.service().failureCause()));
        }
        return out;
    }

    /**
     * Starts every layer in order. If a service fails to start, the services already started are
     * stopped (in reverse, within {@code stopTimeout}) and its failure is thrown.
     *
     * @throws ServiceStartException naming the service, with its failure as the cause
     */
    public void startAll(Duration stopTimeout) throws InterruptedException {
        phase = Phase.STARTING;
        List<Service> started = new ArrayList<>();
        for (List<Entry> layer : layers(ordered()).values()) {
            layer.forEach(e -> e.service().startAsync());
            for (Entry e : layer) {
                started.add(e.service());
                try {
                    e.service().awaitRunning();
                } catch (IllegalStateException failed) {
                    Throwable cause = e.service().failureCause();
                    log.error("{} failed to start ({}); stopping the {} service(s) already started",
                            e.service().serviceName(), cause == null ? failed.getMessage() : cause.toString(),
                            started.size() - 1);
                    stop(started, stopTimeout, true);
                    phase = Phase.STOPPED;
                    throw new ServiceStartException(e.service().serviceName(), cause == null ? failed : cause);
                }
            }
        }
        phase = Phase.RUNNING;
    }

    /** Stops every service, layers in reverse, under one deadline. */
    public StopReport stopAll(Duration timeout) throws InterruptedException {
        phase = Phase.STOPPING;
        try {
            return stop(ordered().stream().map(Entry::service).toList(), timeout, true);
        } finally {
            phase = Phase.STOPPED;
        }
    }

    /**
     * Stops some of the services (those of a reloaded source), layers in reverse, under one
     * deadline. The services stay registered until {@link #remove}d.
     *
     * @param abortLagging abort the {@link Abortable} services that miss the deadline; false lets
     *     them go on stopping in the background (a reload does not give up on a draining writer)
     */
    public StopReport stop(Collection<Service> services, Duration timeout, boolean abortLagging)
            throws InterruptedException {
        long deadline = ticker.nanoTime() + timeout.toNanos();
        Set<Service> wanted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        wanted.addAll(services);
        List<Entry> chosen = new ArrayList<>();
        for (Entry e : ordered()) {
            if (wanted.remove(e.service())) {
                chosen.add(e);
            }
        }
        for (Service s : wanted) {
            chosen.add(new Entry(Integer.MAX_VALUE, 0, s)); // not registered (start failed early): stop it first
        }
        List<String> lagged = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (List<Entry> layer : layers(chosen).descendingMap().values()) {
            layer.forEach(e -> e.service().stopAsync());
            List<Service> aborted = new ArrayList<>();
            for (Entry e : layer) {
                Service s = e.service();
                long left = ticker.remainingNanos(deadline);
                if (!s.awaitTerminated(Duration.ofNanos(Math.max(left, 1)))) {
                    lagged.add(s.serviceName());
                    if (abortLagging && s instanceof Abortable a) {
                        a.abort();
                        aborted.add(s);
                    }
                } else if (s.state() == Service.State.FAILED) {
                    failed.add(s.serviceName());
                }
            }
            long graceEnd = ticker.nanoTime() + ABORT_GRACE.toNanos();
            for (Service s : aborted) {
                s.awaitTerminated(Duration.ofNanos(Math.max(ticker.remainingNanos(graceEnd), 1)));
            }
        }
        if (!lagged.isEmpty()) {
            log.warn("stop: {} did not stop within {} ms; {}", lagged, timeout.toMillis(), abortLagging
                    ? "each was told to give up, what is unfinished is recovered at next start"
                    : "they go on stopping in the background");
        }
        return new StopReport(List.copyOf(lagged), List.copyOf(failed));
    }

    private List<Entry> ordered() {
        synchronized (lock) {
            List<Entry> copy = new ArrayList<>(entries);
            copy.sort(Comparator.comparingInt(Entry::layer).thenComparingLong(Entry::order));
            return copy;
        }
    }

    private static TreeMap<Integer, List<Entry>> layers(List<Entry> list) {
        TreeMap<Integer, List<Entry>> byLayer = new TreeMap<>();
        for (Entry e : list) {
            byLayer.computeIfAbsent(e.layer(), k -> new ArrayList<>()).add(e);
        }
        return byLayer;
    }
}

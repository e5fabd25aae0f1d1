package org.nsr.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.nsr.sink.Watermark;

/**
 * The subscriptions of one remote console connection, and the seam between a subscription's
 * stored and live parts.
 *
 * <p>The seam: the subscription is opened to the live records first; the hub answers, per source,
 * a number X such that every record it did not hand to the subscription is numbered up to X. Once
 * the durable watermark reaches X every such record is in the files, and the stored part (a
 * lookup, as {@code query feed}) reads them. The live buffer holds every later record a file can
 * show, because the taps see a record before the writer does; so the stored part leaves out what
 * the live part already holds (compared line by line), and the live part follows it. Nothing is
 * lost or doubled unless two records of the seam are byte for byte the same line.
 *
 * <p>Threading: subscribe and unsubscribe run on the connection's command thread; cancel and
 * closeAll on its reader thread; stopAll on the server's stop.
 */
final class ConnectionSubscriptions implements CommandSession.Subscriptions {
    static final Duration SEAM_TIMEOUT = Duration.ofSeconds(30);
    static final Duration END_TIMEOUT = Duration.ofSeconds(5);

    private final SubscriptionHub hub;
    private final ConsoleBackend backend;
    private final ExecutorService threads;
    private final int maxSubscriptions;
    private final Subscription.Output output;
    private final String peer;
    private final List<Subscription> mine = new CopyOnWriteArrayList<>();

    ConnectionSubscriptions(SubscriptionHub hub, ConsoleBackend backend, ExecutorService threads,
            int maxSubscriptions, Subscription.Output output, String peer) {
        this.hub = hub;
        this.backend = backend;
        this.threads = threads;
        this.maxSubscriptions = maxSubscriptions;
        this.output = output;
        this.peer = peer;
    }

    @Override
    public long subscribe(Command.Query q, OutputStream out) throws IOException, CommandSession.CommandException {
        if (hub.all().size() >= maxSubscriptions) {
            throw new CommandSession.CommandException("subscribe: " + maxSubscriptions + " subscriptions open "
                    + "(Recorder.data.console.max_subscriptions); unsubscribe one first");
        }
        Subscription s = new Subscription(hub.nextId(), q, peer, hub, output);
        Map<String, Long> cut = hub.open(s);
        try {
            threads.execute(s);
        } catch (RejectedExecutionException e) {
            s.abandon();
            throw new CommandSession.CommandException("subscribe: " + maxSubscriptions + " subscriptions open "
                    + "(Recorder.data.console.max_subscriptions); unsubscribe one first");
        }
        mine.add(s);
        try {
            out.write(("subscription " + s.id + ": the stored matches, then the live ones; end it with 'unsubscribe "
                    + s.id + "'\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Map.Entry<String, Long> e : cut.entrySet()) {
                Watermark durable = hub.watermarks().durable(e.getKey());
                if (!durable.await(e.getValue(), SEAM_TIMEOUT)) {
                    throw new CommandSession.CommandException("subscribe: the writer of source " + e.getKey()
                            + " did not make its records up to " + e.getValue() + " durable within "
                            + SEAM_TIMEOUT.toSeconds() + " s (durable at " + durable.value() + ")");
                }
            }
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            backend.lookup(new Command.Query(null, q.kind(), q.keyText(), q.key(), q.fromNanos(), q.toNanos(), false),
                    stored);
            List<byte[]> live;
            try {
                live = s.goLive(SEAM_TIMEOUT);
            } catch (IllegalStateException e) {
                throw new CommandSession.CommandException("subscription " + s.id + " " + e.getMessage());
            }
            long n = writeSeam(stored.toByteArray(), live, out);
            out.flush();
            s.addDelivered(n);
            return s.id;
        } catch (InterruptedException e) {
            s.abandon();
            mine.remove(s);
            throw new InterruptedIOException("subscribe cancelled");
        } catch (IOException | CommandSession.CommandException | RuntimeException e) {
            s.abandon();
            mine.remove(s);
            throw e;
        }
    }

    /** The stored lines without those the live part holds, then the live part: the records written. */
    private static long writeSeam(byte[] stored, List<byte[]> live, OutputStream out) throws IOException {
        Map<ByteBuffer, Integer> inLive = new HashMap<>();
        for (byte[] l : live) {
            inLive.merge(ByteBuffer.wrap(l), 1, Integer::sum);
        }
        long n = 0;
        int start = 0;
        for (int i = 0; i < stored.length; i++) {
            if (stored[i] != '\n') {
                continue;
            }
            ByteBuffer line = ByteBuffer.wrap(stored, start, i - start).slice();
            Integer left = inLive.get(line);
            if (left != null) {
                if (left == 1) {
                    inLive.remove(line);
                } else {
                    inLive.put(line, left - 1);
                }
            } else {
                out.write(stored, start, i - start + 1);
                n++;
            }
            start = i + 1;
        }
        for (byte[] l : live) {
            out.write(l);
            out.write('\n');
            n++;
        }
        return n;
    }

    @Override
    public long unsubscribe(long id) throws CommandSession.CommandException {
        Subscription s = mine.stream().filter(x -> x.id == id).findFirst().orElse(null);
        if (s == null) {
            boolean elsewhere = hub.all().stream().anyMatch(x -> x.id == id);
            throw new CommandSession.CommandException("unsubscribe: subscription " + id + (elsewhere
                    ? " belongs to another connection" : " is not open") + "; see show subscriptions");
        }
        s.end(Subscription.End.UNSUBSCRIBED);
        mine.remove(s);
        try {
            s.awaitDone(END_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return s.delivered();
    }

    @Override
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Subscription s : hub.all()) {
            out.add(s.id + " index " + s.query.kind().configName() + " \"" + s.query.keyText() + "\" from " + s.peer
                    + " delivered=" + s.delivered() + " buffered=" + s.buffered());
        }
        return out;
    }

    /** {@code cancel} on the connection: every live subscription ends with an error line. */
    void cancelAll() {
        mine.forEach(s -> s.end(Subscription.End.CANCELLED));
        mine.clear();
    }

    /** The connection is gone. */
    void closeAll() {
        mine.forEach(s -> s.end(Subscription.End.DISCONNECTED));
        mine.clear();
    }

    /** The recorder stops: each subscription hands on what it holds, then says so. */
    void stopAll() {
        mine.forEach(s -> s.end(Subscription.End.STOPPING));
    }

    /** Waits for the subscriptions' loops to end; false if one did not within the timeout. */
    boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Subscription s : mine) {
            if (!s.awaitDone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }
}

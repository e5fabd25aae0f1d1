package org.nsr.index;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of one index kind: takes the flow batches of every source's feed and turns them into
 * that kind's keys, one bounded {@link TableBuilder} per source, and seals a source's table when
 * its feed says a file is complete. Its queue is bounded: a feed whose batch does not fit gives
 * up on the file (indexed again from the file) instead of waiting. Thread-safe entry points
 * ({@link #offer}, {@link #seal}); the rest on its own thread.
 */
final class KindWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(KindWorker.class);
    static final int QUEUE_BATCHES = 32;

    /** Seal the table of {@code source}'s file {@code archive}, or (when {@code discard}) forget it. */
    record Seal(String source, String archive, boolean discard, CompletableFuture<IndexFile> result) {
    }

    private static final Object STOP = new Object();

    private final IndexKind kind;
    private final long timeoutNanos;
    private final MemoryBudget budget;
    private final java.nio.file.Path spillDir;
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final Map<String, TableBuilder> builders = new HashMap<>();
    private final Map<String, Boolean> failed = new HashMap<>();
    private final Thread thread;

    KindWorker(IndexKind kind, long timeoutNanos, MemoryBudget budget, java.nio.file.Path spillDir) {
        this.kind = kind;
        this.timeoutNanos = timeoutNanos;
        this.budget = budget;
        this.spillDir = spillDir;
        this.thread = new Thread(this, "index " + kind.configName());
        thread.setDaemon(true);
    }

    IndexKind kind() {
        return kind;
    }

    void start() {
        thread.start();
    }

    /** Hands a batch over without waiting; false when the queue is full. */
    boolean offer(FlowBatch b) {
        return queue.offer(b);
    }

    /** Queues a seal, waiting for room (seals are never dropped; they are few). */
    CompletableFuture<IndexFile> seal(String source, String archive, boolean discard) throws InterruptedException {
        CompletableFuture<IndexFile> f = new CompletableFuture<>();
        queue.put(new Seal(source, archive, discard, f));
        return f;
    }

    /** Asks the thread to stop after what is queued; false when the queue had no room within {@code millis}. */
    boolean requestStop(long millis) throws InterruptedException {
        return queue.offer(STOP, millis, TimeUnit.MILLISECONDS);
    }

    boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void run() {
        byte[] scratch = new byte[kind.width()];
        try {
            while (true) {
                Object o = queue.take();
                if (o == STOP) {
                    break;
                }
                if (o instanceof FlowBatch b) {
                    add(b, scratch);
                } else if (o instanceof Seal s) {
                    seal(s);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            builders.values().forEach(TableBuilder::close);
            builders.clear();
        }
    }

    private void add(FlowBatch b, byte[] scratch) {
        if (failed.getOrDefault(b.source, false)) {
            return; // this file is indexed from the file
        }
        TableBuilder t = builders.computeIfAbsent(b.source, s -> new TableBuilder(kind, timeoutNanos, budget,
                spillDir));
        try {
            for (int i = 0; i < b.n; i++) {
                long time = b.time[i];
                kind.keys(b.protocol[i], b.srcIp[i], b.srcPort[i], b.dstIp[i], b.dstPort[i], scratch, k -> {
                    try {
                        t.add(k, time);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        } catch (java.io.UncheckedIOException e) {
            log.warn("index {}: cannot spill the keys of {} to disk ({}); its file is indexed from the file",
                    kind.configName(), b.source, e.getCause().toString());
            t.reset();
            failed.put(b.source, true);
        }
    }

    private void seal(Seal s) {
        TableBuilder t = builders.get(s.source());
        boolean gaveUp = failed.getOrDefault(s.source(), false);
        failed.remove(s.source());
        if (s.discard() || gaveUp) {
            if (t != null) {
                t.reset();
            }
            s.result().complete(null);
            return;
        }
        if (t == null) {
            t = new TableBuilder(kind, timeoutNanos, budget, spillDir);
            builders.put(s.source(), t);
        }
        try {
            s.result().complete(t.seal(s.archive()));
        } catch (IOException | RuntimeException e) {
            log.warn("index {}: cannot seal the table of {} ({}); it is indexed from the file", kind.configName(),
                    s.archive(), e.toString());
            s.result().complete(null);
        }
    }
}

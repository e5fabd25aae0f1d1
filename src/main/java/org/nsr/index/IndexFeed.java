package org.nsr.index;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.sink.FileEvent;
import org.nsr.sink.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's sink for one source: never blocks the source. Records wait in a bounded buffer for
 * the feed's own thread, which reads their flows through the flow view into the tables of the file
 * being written. When the writer completes a file ({@link FileEvent.FileCompleted}, covering every
 * record up to a sequence number), the tables of exactly those records are sealed and handed to
 * the {@link Indexer}. A full buffer drops the record (counted in {@code nsr_index_dropped_total});
 * the file it belongs to is then indexed again from the file itself (catch-up), so nothing is
 * missing from the index for long. The lag is {@code nsr_index_lag_records{source=}}.
 *
 * <p>Threading: {@link #accept} on the source's ordered producer thread; {@link #fileCompleted}
 * on the writer's thread; everything else on the feed's thread.
 */
final class IndexFeed extends AbstractExecutionThreadService implements Sink {
    private static final Logger log = LoggerFactory.getLogger(IndexFeed.class);

    private record Item(Record record, long seq) {
    }

    private static final int RECENT_RECORDS = 16_384;
    private static final long RECENT_BYTES = 8L << 20;

    private final String source;
    private final Indexer indexer;
    private final ArrayBlockingQueue<Item> buffer;
    private final ConcurrentLinkedQueue<FileEvent.FileCompleted> completions = new ConcurrentLinkedQueue<>();
    private final java.util.List<KindWorker> workers;
    private final org.nsr.record.codec.FlowView view = new org.nsr.record.codec.FlowView();
    private final org.nsr.record.codec.Flow scratchFlow = new org.nsr.record.codec.Flow();
    private FlowBatch batch;
    private final LineBuffer line = new LineBuffer(4096);
    private final Counter dropped;
    private final Counter flows;
    private volatile long offeredSeq = -1;
    private volatile boolean stopping;
    /** The last records indexed, to index again into the next file when the writer's completion came late. */
    private final java.util.ArrayDeque<Item> recent = new java.util.ArrayDeque<>();
    private long recentBytes;
    private long lastSeq = -1;
    private boolean incomplete;
    private boolean dropping;

    IndexFeed(String source, Indexer indexer, int capacity, Metrics metrics) {
        super("index feed " + source);
        this.source = source;
        this.indexer = indexer;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.workers = indexer.workers();
        this.batch = new FlowBatch(source);
        this.dropped = metrics.counter("nsr_index_dropped_total", "Records the index feed dropped because it was "
                + "behind; their files are indexed again from the files", "source", source);
        this.flows = metrics.counter("nsr_index_flows_total", "Flows the index feed read", "source", source);
        metrics.gauge("nsr_index_lag_records", "Records handed to the index feed and not yet indexed",
                () -> offeredSeq < 0 ? 0 : offeredSeq - lastSeq, "source", source);
    }

    @Override
    public String name() {
        return "index";
    }

    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public void accept(Record record, long seq) {
        boolean taken = buffer.offer(new Item(record, seq));
        offeredSeq = seq; // after the offer: the feed thread must not take a record still being offered as dropped
        if (taken) {
            dropping = false;
            return;
        }
        dropped.increment();
        if (!dropping) {
            dropping = true;
            log.warn("index feed of {} is behind: dropping records (counted in nsr_index_dropped_total); their "
                    + "files are indexed again from the files once written", source);
        }
    }

    /** The writer completed a file of this source. */
    void fileCompleted(FileEvent.FileCompleted c) {
        completions.add(c);
    }

    @Override
    protected void run() throws InterruptedException {
        while (true) {
            Item item = buffer.poll(100, TimeUnit.MILLISECONDS);
            if (item == null) {
                sealReady(true);
                if (stopping && buffer.isEmpty()) {
                    sealReady(true);
                    return;
                }
                continue;
            }
            FileEvent.FileCompleted c;
            while ((c = completions.peek()) != null && c.coversSeq() < item.seq()) {
                completions.poll();
                if (c.coversSeq() > lastSeq) {
                    log.info("index feed of {}: records of {} were dropped; it is indexed from the file", source,
                            c.name());
                }
                seal(c, c.coversSeq() > lastSeq);
            }
            if (lastSeq >= 0 && item.seq() != lastSeq + 1) {
                if (!incomplete) {
                    log.info("index feed of {}: record {} follows {}: records in between were dropped; the file is "
                            + "indexed from the file", source, item.seq(), lastSeq);
                }
                incomplete = true; // records in between were dropped: this file is indexed from the file
                batch.n = 0;
            }
            lastSeq = item.seq();
            index(item.record());
            remember(item);
            sealReady(false);
        }
    }

    private void index(Record r) {
        if (incomplete) {
            return; // this file is indexed from the file anyway
        }
        int n;
        if (r instanceof org.nsr.record.codec.DirectFlows d) {
            n = d.flows(scratchFlow, this::flow);
        } else if (r instanceof org.nsr.record.EncodedLine e) {
            // A poll line of many MB: read its flows where it lies, no copy.
            n = view.visit(e.lineArray(), 0, e.lineLength(), r.timestampNanos(), this::flow);
        } else {
            line.reset();
            try {
                r.writeJson(line);
            } catch (RuntimeException e) {
                // the writer meets the same record and reports it; here it is counted and its file indexed from itself
                dropped.increment();
                log.warn("index feed of {}: a record cannot be encoded ({}); counted in nsr_index_dropped_total, its "
                        + "file is indexed from the file", source, e.toString());
                incomplete = true;
                return;
            }
            n = view.visit(line.array(), 0, line.size(), r.timestampNanos(), this::flow);
        }
        if (n > 0) {
            flows.add(n);
        }
    }

    private void flow(org.nsr.record.codec.Flow f) {
        if (!IndexKind.addressable(f)) {
            return;
        }
        batch.add(f);
        if (batch.full()) {
            send();
        }
    }

    /** Hands the batch to every kind's thread; one that has no room makes this file indexed from the file. */
    private void send() {
        if (batch.n == 0) {
            return;
        }
        for (KindWorker w : workers) {
            if (!w.offer(batch)) {
                dropped.increment();
                if (!dropping) {
                    log.warn("index of {} is behind: the file being written is indexed from the file once written "
                            + "(counted in nsr_index_dropped_total)", source);
                }
                dropping = true;
                incomplete = true;
                break;
            }
        }
        batch = new FlowBatch(source);
    }

    private void remember(Item item) {
        recent.addLast(item);
        recentBytes += item.record().heldBytes();
        while (recent.size() > RECENT_RECORDS || recentBytes > RECENT_BYTES) {
            recentBytes -= recent.removeFirst().record().heldBytes();
        }
    }

    /** Seals every completed file whose records have all been seen (or, with the buffer empty, dropped). */
    private void sealReady(boolean bufferDrained) throws InterruptedException {
        FileEvent.FileCompleted c;
        while ((c = completions.peek()) != null) {
            boolean allSeen = c.coversSeq() <= lastSeq;
            boolean restDropped = bufferDrained && buffer.isEmpty() && offeredSeq >= c.coversSeq();
            if (!allSeen && !restDropped) {
                return;
            }
            completions.poll();
            if (!allSeen) {
                log.info("index feed of {}: records of {} were dropped; it is indexed from the file", source, c.name());
            }
            seal(c, !allSeen);
        }
    }

    private void seal(FileEvent.FileCompleted c, boolean missing) throws InterruptedException {
        String name = RecordingFiles.nameOf(c.name());
        if (!incomplete && !missing) {
            send();
        }
        batch.n = 0;
        boolean complete = !incomplete && !missing;
        java.util.List<java.util.concurrent.CompletableFuture<IndexFile>> parts = new java.util.ArrayList<>();
        for (KindWorker w : workers) {
            parts.add(w.seal(source, name, !complete));
        }
        java.util.concurrent.CompletableFuture.allOf(parts.toArray(new java.util.concurrent.CompletableFuture[0]))
                .thenRun(() -> handOver(name, parts))
                .exceptionally(e -> {
                    log.warn("index feed of {}: the tables of {} were not handed over ({}); the file is indexed from "
                            + "the file at the next start", source, name, e.toString());
                    return null;
                });
        incomplete = false;
        if (lastSeq > c.coversSeq()) {
            // The writer completed the file after later records reached us: those are in this file's tables too
            // (harmless, lookups read the file and find nothing) and belong in the next file's tables.
            long expected = c.coversSeq() + 1;
            for (Item i : recent) {
                if (i.seq() > c.coversSeq()) {
                    if (i.seq() != expected) {
                        incomplete = true;
                    }
                    expected = i.seq() + 1;
                    index(i.record());
                }
            }
            if (expected != lastSeq + 1) {
                incomplete = true; // the late records reached further back than we keep
            }
        }
    }

    /** Runs on the last kind thread to seal: all tables, or null when any kind could not seal. */
    private void handOver(String name, java.util.List<java.util.concurrent.CompletableFuture<IndexFile>> parts) {
        IndexFile[] tables = new IndexFile[parts.size()];
        boolean all = true;
        for (int i = 0; i < tables.length; i++) {
            tables[i] = parts.get(i).join();
            all &= tables[i] != null;
        }
        if (!all) {
            FileKeys.discard(tables);
        }
        try {
            indexer.sealed(name, all ? tables : null);
        } catch (InterruptedException e) {
            FileKeys.discard(tables);
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void triggerShutdown() {
        stopping = true;
    }
}

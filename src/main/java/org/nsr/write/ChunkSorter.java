package org.nsr.write;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nsr.record.Record;

/**
 * Groups records into chunks of their own time and hands back completed chunks sorted.
 *
 * <p>A chunk is complete when the newest record seen is a full window past its end (records may
 * arrive that far out of order from several producer threads and still be on time), or when the
 * caller's clock says so. A record for a chunk that was already written is late: it is not
 * dropped, it joins the next chunk written and is counted. Not thread-safe: the writer thread owns it.
 */
public final class ChunkSorter {
    private final long windowNanos;
    private final Comparator<Record> order;
    private final TreeMap<Long, List<Record>> pending = new TreeMap<>();
    /** Sequence number of the first record of each pending chunk: records come in sequence order, so it is the lowest. */
    private final TreeMap<Long, Long> firstSeqOf = new TreeMap<>();
    private final List<Record> late = new ArrayList<>();
    private long lateFirstSeq = Long.MAX_VALUE;
    private long lastWrittenChunk = Long.MIN_VALUE;
    private long newestSeen = Long.MIN_VALUE;
    private long lateCount;
    /** Most records join the chunk the previous one joined: skip the tree lookup for them. */
    private long cachedChunk = Long.MIN_VALUE;
    private List<Record> cachedList;

    public ChunkSorter(long windowNanos, Comparator<Record> order) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("chunk window must be positive, got " + windowNanos + "ns");
        }
        this.windowNanos = windowNanos;
        this.order = order;
    }

    public void add(Record r) {
        add(r, 0);
    }

    /** Adds a record that carries sequence number {@code seq}; records come in sequence order. */
    public void add(Record r, long seq) {
        long ts = r.timestampNanos();
        long chunk = Math.floorDiv(ts, windowNanos);
        if (chunk <= lastWrittenChunk) {
            if (late.isEmpty()) {
                lateFirstSeq = seq;
            }
            late.add(r);
            lateCount++;
            return;
        }
        if (chunk != cachedChunk || cachedList == null) {
            cachedList = pending.get(chunk);
            if (cachedList == null) {
                cachedList = new ArrayList<>();
                pending.put(chunk, cachedList);
                firstSeqOf.put(chunk, seq);
            }
            cachedChunk = chunk;
        }
        cachedList.add(r);
        if (ts > newestSeen) {
            newestSeen = ts;
        }
    }

    /**
     * Removes and returns the next complete chunk, sorted, or null if none is complete.
     *
     * @param clockWatermarkNanos chunks ending at or before this instant are complete whatever
     *     the records say (so a quiet source's last records are still written on time); pass
     *     {@link Long#MIN_VALUE} to rely on the records alone and {@link Long#MAX_VALUE} to flush all
     */
    public Chunk pollComplete(long clockWatermarkNanos) {
        long dataWatermark = newestSeen == Long.MIN_VALUE ? Long.MIN_VALUE : newestSeen - windowNanos;
        long watermark = Math.max(dataWatermark, clockWatermarkNanos);
        Map.Entry<Long, List<Record>> first = pending.firstEntry();
        if (first == null) {
            // Late records wait for the next chunk to ride along; with none coming, they go alone.
            return late.isEmpty() ? null : takeLateOnly();
        }
        long chunkEnd = (first.getKey() + 1) * windowNanos;
        if (watermark != Long.MAX_VALUE && chunkEnd > watermark) {
            return null;
        }
        pending.pollFirstEntry();
        firstSeqOf.remove(first.getKey());
        if (first.getKey() == cachedChunk) {
            cachedList = null;
        }
        List<Record> records = first.getValue();
        int lateInChunk = late.size();
        if (lateInChunk > 0) {
            late.addAll(records);
            records = new ArrayList<>(late);
            late.clear();
            lateFirstSeq = Long.MAX_VALUE;
        }
        records.sort(order); // List.sort is a stable merge sort: ties keep arrival order
        lastWrittenChunk = first.getKey();
        return new Chunk(first.getKey() * windowNanos, records, lateInChunk);
    }

    private Chunk takeLateOnly() {
        List<Record> records = new ArrayList<>(late);
        late.clear();
        lateFirstSeq = Long.MAX_VALUE;
        records.sort(order);
        return new Chunk(lastWrittenChunk * windowNanos, records, records.size());
    }

    /** Start (epoch ns) of the oldest pending chunk, or {@link Long#MAX_VALUE} when nothing waits. */
    public long oldestPendingStart() {
        if (!late.isEmpty()) {
            return lastWrittenChunk * windowNanos;
        }
        Map.Entry<Long, List<Record>> first = pending.firstEntry();
        return first == null ? Long.MAX_VALUE : first.getKey() * windowNanos;
    }

    /**
     * The lowest sequence number among the records still held, or {@link Long#MAX_VALUE} when
     * none are: every record below it has been handed back. A few entries, read once per batch.
     */
    public long lowestPendingSeq() {
        long lowest = lateFirstSeq;
        for (long s : firstSeqOf.values()) {
            lowest = Math.min(lowest, s);
        }
        return lowest;
    }

    public boolean isEmpty() {
        return pending.isEmpty() && late.isEmpty();
    }

    /** Records that arrived after their chunk had been written, since creation. */
    public long lateCount() {
        return lateCount;
    }

    /**
     * A completed chunk.
     *
     * @param startNanos start of the chunk's window; decides which file it belongs to
     * @param records sorted records
     * @param lateRecords how many of them arrived late (they are included in {@code records})
     */
    public record Chunk(long startNanos, List<Record> records, int lateRecords) {
    }
}

package org.nsr.source.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
import org.nsr.record.codec.KafkaLine;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records topics as a member of a consumer group. Each record becomes one line carrying its
 * {@code topic/partition/offset} ({@link KafkaLine}). An offset is committed only once the
 * archived watermark has passed the record and every earlier one of its partition, so what the
 * group forgets is in a verified zip.
 *
 * <p>Threading: {@link #run} is the poll loop and the only thread that touches the consumer
 * (KafkaConsumer is not thread-safe): commits and the rebalance callbacks run there too.
 *
 * <p>A revoke (rebalance) asks the writer to publish its file now ({@code SealRequest}), waits at
 * most {@code revoke_timeout} for it to be archived, commits with the metadata {@code closed}, and
 * only then lets the partitions go. A stop does the same for everything. Commits made while a
 * partition is held say {@code open}: a recorder that is assigned a partition whose last commit is
 * {@code open} knows its previous holder died, and counts every record below the partition's end
 * offset at assignment as a possible duplicate (the crash's uncommitted window). Records at or
 * below an offset this recorder already read in this run are counted as duplicates too.
 */
final class KafkaSource implements Source, ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);
    static final String OPEN = "open";
    static final String CLOSED = "closed";

    private final KafkaSourceSpec spec;
    private final SourceContext context;
    private final KafkaSourceMetrics counts;
    private final CommitTracker commits;
    private final OffsetWindow window;
    private final Map<TopicPartition, Holding> held = new HashMap<>();
    private final Map<TopicPartition, Long> seenInRun = new HashMap<>();
    private Consumer<byte[], byte[]> consumer;
    private Channel out;
    private boolean paused;
    private long nextSealNanos;

    /** One holding of a partition: its window slot and the end of the crash window it inherited. */
    private record Holding(int slot, long suspectBelow) {
    }

    KafkaSource(KafkaSourceSpec spec, SourceContext context) {
        this.spec = spec;
        this.context = context;
        this.counts = new KafkaSourceMetrics(context.metrics(), spec.name());
        this.window = new OffsetWindow(spec.maxUnacked() + spec.maxPollRecords());
        this.commits = new CommitTracker(spec, context.watermarks().archived(spec.name()),
                context.watermarks().seal(spec.name()), window, counts, context.ticker());
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public void run(Channel channel, StopSignal stop) throws Exception {
        this.out = channel;
        try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(spec.consumerProperties())) {
            consumer = c;
            commits.use(c);
            c.subscribe(spec.topics(), this);
            log.info("source {}: consuming {} on {} as group {} (client {}); offsets are committed after "
                    + "archiving", spec.name(), spec.topics(), spec.bootstrap(), spec.group(), spec.clientId());
            nextSealNanos = context.ticker().nanoTime() + spec.sealEvery().toNanos();
            while (!stop.isRaised()) {
                pollOnce(stop);
            }
            finish(List.copyOf(held.keySet()), "stop");
            held.clear();
        }
        log.info("source {}: stopped; {} records, {} committed, {} possible duplicates ({} from a crash window, "
                + "{} read again in this run), {} revokes ({} timed out), {} commit failures, {} poll failures",
                spec.name(), counts.records.get(), counts.committed.get(),
                counts.crashWindow.get() + counts.seenBefore.get(), counts.crashWindow.get(), counts.seenBefore.get(),
                counts.revokes.get(), counts.revokeTimeouts.get(), counts.commitFailures.get(),
                counts.pollFailures.get());
    }

    private void pollOnce(StopSignal stop) throws InterruptedException {
        commits.commitDue(OPEN);
        long now = context.ticker().nanoTime();
        if (!spec.sealEvery().isZero() && now >= nextSealNanos) {
            nextSealNanos = now + spec.sealEvery().toNanos();
            commits.sealHeld();
        }
        boolean room = window.hasRoomFor(spec.maxPollRecords());
        if (!room && !paused) {
            // full: ask for the file now so the window can drain, and stop fetching meanwhile
            commits.sealHeld();
            consumer.pause(consumer.assignment());
            paused = true;
            counts.windowFull.increment();
        } else if (room && paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(spec.pollTimeout());
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted in poll");
        } catch (KafkaException e) {
            counts.pollFailed(e);
            context.ticker().await(stop, spec.pollTimeout());
            return;
        }
        counts.polled();
        if (paused) {
            consumer.pause(consumer.assignment()); // partitions assigned during the poll fetch too otherwise
        }
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                handOn(tp, held.get(tp), r);
            }
        }
    }

    private void handOn(TopicPartition tp, Holding h, ConsumerRecord<byte[], byte[]> r) throws InterruptedException {
        long offset = r.offset();
        Long seen = seenInRun.get(tp);
        if (seen != null && offset <= seen) {
            counts.seenBefore.increment();
        } else {
            seenInRun.put(tp, offset);
            if (h != null && offset < h.suspectBelow()) {
                counts.crashWindow.increment();
            }
        }
        if (h == null) { // not announced by onPartitionsAssigned: hold it from here
            h = new Holding(window.hold(tp), 0);
            held.put(tp, h);
        }
        byte[] value = r.value() == null ? new byte[0] : r.value();
        long ts = KafkaLine.timestampOf(value, context.ticker().epochNanos());
        long seq = out.put(new KafkaRecord(ts, tp.topic(), tp.partition(), offset, value));
        window.add(seq, h.slot(), offset);
        counts.records.increment();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        counts.revokes.increment();
        finish(partitions, "revoke");
        partitions.forEach(tp -> release(held.remove(tp)));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // another member may already hold them: nothing may be committed for them any more
        log.warn("source {}: partitions {} lost without a revoke (session expired?); their uncommitted records "
                + "will be read again by their next holder and counted there", spec.name(), partitions);
        partitions.forEach(tp -> release(held.remove(tp)));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> opening = new HashMap<>();
        long suspect = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata om = committed.get(tp);
            // every holder commits "open" when it is assigned a partition and "closed" when it lets it go
            // with everything archived: "open" here means the last holder died holding it
            boolean crashed = om != null && OPEN.equals(om.metadata());
            long from = om == null ? consumer.position(tp) : om.offset();
            long below = crashed ? ends.getOrDefault(tp, 0L) : 0;
            suspect += Math.max(0, below - from);
            held.put(tp, new Holding(window.hold(tp), below));
            opening.put(tp, new OffsetAndMetadata(from, OPEN));
        }
        commits.commitNow(opening); // a crash before the next commit is now seen by the next holder
        if (suspect > 0) {
            counts.crashWindows.increment();
            log.warn("source {}: assigned {}; the last holder of some died before committing: up to {} records "
                    + "below their end offsets may have been recorded by it too, and are counted as possible "
                    + "duplicates (nsr_kafka_source_possible_duplicates_total{{reason=\"crash_window\"}})",
                    spec.name(), partitions, suspect);
        } else {
            log.info("source {}: assigned {}", spec.name(), partitions);
        }
    }

    /** Archives (bounded by {@code revoke_timeout}) and commits everything held of {@code partitions}. */
    private void finish(Collection<TopicPartition> partitions, String why) {
        try {
            boolean archived = commits.archiveAndCommit(why, partitions);
            if (!archived) {
                counts.revokeTimeouts.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("source {}: interrupted while archiving for a {} of {}; their uncommitted records will be "
                    + "read again by the next holder", spec.name(), why, partitions);
        }
    }

    private void release(Holding h) {
        if (h != null) {
            window.release(h.slot());
        }
    }
}

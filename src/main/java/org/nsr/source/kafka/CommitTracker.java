package org.nsr.source.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.nsr.sink.SealRequest;
import org.nsr.sink.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the archived watermark into offset commits: records at or below it leave the window, and
 * per partition still held the next offset is committed. Commits run on the poll thread only
 * (the caller's): asynchronously while running, synchronously at a revoke and at the stop. A
 * failed commit is counted, logged once a streak, and its offsets go out with the next one.
 */
final class CommitTracker {
    private static final Logger log = LoggerFactory.getLogger(CommitTracker.class);

    private final KafkaSourceSpec spec;
    private final Watermark archived;
    private final SealRequest seal;
    private final OffsetWindow window;
    private final KafkaSourceMetrics counts;
    private final org.nsr.core.Ticker ticker;
    private final Map<TopicPartition, Long> pending = new HashMap<>();
    private Consumer<byte[], byte[]> consumer;
    private long nextCommitNanos;
    private boolean failing;

    CommitTracker(KafkaSourceSpec spec, Watermark archived, SealRequest seal, OffsetWindow window,
            KafkaSourceMetrics counts, org.nsr.core.Ticker ticker) {
        this.spec = spec;
        this.ticker = ticker;
        this.archived = archived;
        this.seal = seal;
        this.window = window;
        this.counts = counts;
    }

    void use(Consumer<byte[], byte[]> c) {
        this.consumer = c;
    }

    /** Every {@code commit_interval}: commits what the archive has passed since the last commit. */
    void commitDue(String metadata) {
        long now = ticker.nanoTime();
        if (now - nextCommitNanos < 0) {
            return;
        }
        nextCommitNanos = now + spec.commitInterval().toNanos();
        collect();
        if (pending.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(pending, metadata);
        pending.clear();
        try {
            consumer.commitAsync(offsets, (done, e) -> {
                if (e == null) {
                    worked();
                } else {
                    failed(e);
                    done = done == null ? offsets : done;
                    done.forEach((tp, om) -> pending.merge(tp, om.offset(), Math::max)); // retried next time
                }
            });
        } catch (KafkaException e) {
            failed(e);
            offsets.forEach((tp, om) -> pending.merge(tp, om.offset(), Math::max));
        }
    }

    /** Asks the writer to publish what holds the newest record now, so the archive can pass it soon. */
    void sealHeld() {
        if (window.size() > 0) {
            seal.request(window.newestSeq());
        }
    }

    /**
     * At a revoke or the stop: asks for everything handed on to be archived now, waits for it at
     * most {@code revoke_timeout}, and commits synchronously; {@code closing} are committed as
     * {@code closed} (their next holder knows nothing read is missing from the archive) when all
     * was archived in time.
     *
     * @return true when everything handed on was archived in time
     */
    boolean archiveAndCommit(String why, Collection<TopicPartition> closing) throws InterruptedException {
        long target = window.newestSeq();
        boolean all = true;
        if (window.size() > 0 && archived.value() < target) {
            seal.request(target);
            long started = System.nanoTime();
            all = archived.await(target, spec.revokeTimeout());
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (all) {
                log.info("source {}: {}: {} records archived in {} ms before committing", spec.name(), why,
                        window.size(), ms);
            } else {
                log.warn("source {}: {}: revoke_timeout {} ms ran out with records up to {} not archived (archived "
                        + "up to {}); their offsets stay uncommitted, so the next holder reads them again "
                        + "(counted in nsr_kafka_source_revoke_timeouts_total)", spec.name(), why,
                        spec.revokeTimeout().toMillis(), target, archived.value());
            }
        }
        collect();
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(pending, KafkaSource.OPEN);
        pending.clear();
        if (all) {
            for (TopicPartition tp : closing) {
                offsets.put(tp, new OffsetAndMetadata(consumer.position(tp), KafkaSource.CLOSED));
            }
        }
        commitNow(offsets);
        return all;
    }

    /** Commits synchronously (bounded by the consumer's default.api.timeout.ms). */
    void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            worked();
        } catch (KafkaException e) {
            failed(e);
        }
    }

    private void collect() {
        int n = window.takeUpTo(archived.value(), pending);
        counts.committed.add(n);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, Long> next, String metadata) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o, metadata)));
        return out;
    }

    private void worked() {
        if (failing) {
            log.info("source {}: offset commits work again", spec.name());
            failing = false;
        }
    }

    private void failed(Exception e) {
        counts.commitFailures.increment();
        if (!failing) {
            failing = true;
            log.warn("source {}: offset commit failed ({}); counted in nsr_kafka_source_commit_failures_total, "
                    + "the offsets go out with the next commit", spec.name(), e.toString());
        }
    }
}

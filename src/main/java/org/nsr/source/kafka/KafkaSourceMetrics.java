package org.nsr.source.kafka;

import org.apache.kafka.common.KafkaException;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka source's counters, labelled with the source's name. */
final class KafkaSourceMetrics {
    private static final Logger log = LoggerFactory.getLogger(KafkaSourceMetrics.class);

    final Counter records;
    final Counter committed;
    final Counter crashWindow;
    final Counter seenBefore;
    final Counter crashWindows;
    final Counter revokes;
    final Counter revokeTimeouts;
    final Counter commitFailures;
    final Counter pollFailures;
    final Counter windowFull;
    private final String source;
    private boolean pollFailing;

    KafkaSourceMetrics(Metrics m, String source) {
        this.source = source;
        records = m.counter("nsr_kafka_source_records_total", "Records consumed and handed on", "source", source);
        committed = m.counter("nsr_kafka_source_committed_total", "Records whose offsets were committed after "
                + "they were archived", "source", source);
        String dup = "Records that may be duplicates: below the end offset a partition had when it was taken over "
                + "from a holder that died (crash_window), or at or below an offset already read in this run";
        crashWindow = m.counter("nsr_kafka_source_possible_duplicates_total", dup, "source", source, "reason",
                "crash_window");
        seenBefore = m.counter("nsr_kafka_source_possible_duplicates_total", dup, "source", source, "reason",
                "read_again");
        crashWindows = m.counter("nsr_kafka_source_crash_takeovers_total", "Assignments that took over partitions "
                + "from a holder that died before committing", "source", source);
        revokes = m.counter("nsr_kafka_source_revokes_total", "Partition revokes (rebalances) handled", "source",
                source);
        revokeTimeouts = m.counter("nsr_kafka_source_revoke_timeouts_total", "Revokes or stops whose records were "
                + "not archived within revoke_timeout (their offsets stay uncommitted)", "source", source);
        commitFailures = m.counter("nsr_kafka_source_commit_failures_total", "Offset commits that failed (retried "
                + "with the next commit)", "source", source);
        pollFailures = m.counter("nsr_kafka_source_poll_failures_total", "Polls that failed (retried)", "source",
                source);
        windowFull = m.counter("nsr_kafka_source_window_full_total", "Times max_unacked records waited for the "
                + "archive and fetching paused", "source", source);
    }

    void pollFailed(KafkaException e) {
        pollFailures.increment();
        if (!pollFailing) {
            pollFailing = true;
            log.warn("source {}: poll failed ({}); retrying, counted in nsr_kafka_source_poll_failures_total",
                    source, e.toString());
        }
    }

    void polled() {
        pollFailing = false;
    }
}

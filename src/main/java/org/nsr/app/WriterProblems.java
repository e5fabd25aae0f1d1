package org.nsr.app;

import java.util.ArrayList;
import java.util.List;
import org.nsr.config.RecorderConfig;
import org.nsr.write.QueueWriter;

/**
 * What /health reports of the running writers: one whose writes have failed for longer than
 * {@code write_failing_threshold} (disk full, directory gone), and a source whose producers have
 * been blocked on a full queue with no drain for longer than {@code blocked_threshold}.
 */
final class WriterProblems {
    private WriterProblems() {
    }

    static List<String> of(List<Pipeline> running, RecorderConfig.OpsSettings ops) {
        List<String> out = new ArrayList<>();
        for (Pipeline p : running) {
            for (QueueWriter w : p.writers()) {
                long failing = w.failingForNanos();
                if (failing > ops.writeFailingThreshold().toNanos()) {
                    out.add("writer " + w.source() + " cannot write for " + failing / 1_000_000_000L
                            + "s (threshold " + ops.writeFailingThreshold().toSeconds() + "s): " + w.lastError());
                }
                long blocked = w.queue().blockedForNanos();
                if (blocked > ops.blockedThreshold().toNanos()) {
                    String queue = w.source().equals(p.source().name()) ? "its full queue"
                            : "the full queue of " + w.source(); // a storage class's writer
                    out.add("source " + p.source().name() + " blocked on " + queue + " for "
                            + blocked / 1_000_000_000L + "s (threshold " + ops.blockedThreshold().toSeconds()
                            + "s): nothing is being written");
                }
            }
        }
        return out;
    }
}

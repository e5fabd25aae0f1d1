package org.nsr.replay.columns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nsr.layout.RecordingFileName;
import org.nsr.layout.SideFile;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.record.codec.DirectFlows;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.write.FileTap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's writer writes the column sidecar of each file of a flow source as it writes the
 * file: every record's flow goes into {@code <stamp>_<source>.cols.part} straight from the record
 * ({@link DirectFlows}: no line is parsed, nothing is inflated), and when the file is published the
 * sidecar becomes {@code .cols.pending}; {@link ColumnSidecars} binds it to the archive once that
 * exists. A file with a record that is not one flow with counters gets no sidecar (counted in
 * {@code nsr_columns_skipped_total}); a write error, or a sidecar whose flows do not match the
 * file's records, gets none either (counted in {@code nsr_columns_failed_total}, logged): readers
 * use the archive, and {@code nsr columns DIR} can build it later. Nothing here reaches the file.
 *
 * <p>Threading: one {@link Open} per file, used by its writer's thread only.
 */
public final class ColumnTap implements FileTap {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnTap.class);

    private final Counter skipped;
    private final Counter failed;

    public ColumnTap(Metrics metrics) {
        skipped = ColumnSidecars.skippedCounter(metrics);
        failed = ColumnSidecars.failedCounter(metrics);
    }

    @Override
    public Open open(Path dir, RecordingFileName name) {
        return new FileColumns(dir, name);
    }

    /** The sidecar of one file being written. */
    private final class FileColumns implements Open, FlowVisitor {
        private final Path dir;
        private final RecordingFileName name;
        private final Flow scratch = new Flow();
        private ColumnWriter writer;
        private boolean done;
        private boolean flowWithCounters;

        FileColumns(Path dir, RecordingFileName name) {
            this.dir = dir;
            this.name = name;
        }

        @Override
        public void add(Record r) {
            if (done) {
                return;
            }
            if (!(r instanceof DirectFlows d)) {
                notFlows();
                return;
            }
            flowWithCounters = false;
            try {
                int n = d.flows(scratch, this);
                if (!done && (n != 1 || !flowWithCounters)) {
                    notFlows();
                }
            } catch (RuntimeException e) {
                fail("cannot read a record's flow: " + e);
            }
        }

        @Override
        public void flow(Flow f) {
            if (done || f.packets() == Flow.UNKNOWN || f.bytes() == Flow.UNKNOWN) {
                return;
            }
            flowWithCounters = true;
            try {
                if (writer == null) {
                    writer = new ColumnWriter(SideFile.COLUMNS_WRITING.in(dir, name),
                            SideFile.COLUMNS_PENDING.in(dir, name), 0);
                }
                writer.add(f.timeNanos(), f.srcIp(), f.dstIp(), f.srcPort(), f.dstPort(), f.protocol(), f.packets(),
                        f.bytes());
            } catch (IOException | RuntimeException e) {
                fail("cannot write it: " + e);
            }
        }

        @Override
        public void published(long records) {
            if (done) {
                return;
            }
            if (writer == null) {
                done = true; // an empty file: nothing to read
                return;
            }
            if (writer.flows() != records) {
                fail("it holds " + writer.flows() + " flows, the file " + records + " records");
                return;
            }
            try {
                writer.publish(false); // synced when bound to the archive, off the writer's thread
                done = true;
            } catch (IOException | RuntimeException e) {
                fail("cannot finish it: " + e);
            }
        }

        @Override
        public void abandon() {
            done = true;
            if (writer != null) {
                writer.abandon();
            }
        }

        private void notFlows() {
            skipped.increment();
            LOG.debug("{}: not every record is a flow with counters; no column sidecar", SideFile.COLUMNS.fileName(name));
            abandon();
        }

        private void fail(String why) {
            failed.increment();
            LOG.warn("{}: no column sidecar: {}; readers use the archive (nsr columns DIR builds it later)",
                    SideFile.COLUMNS.in(dir, name), why);
            abandon();
            try {
                Files.deleteIfExists(SideFile.COLUMNS_WRITING.in(dir, name));
            } catch (IOException e) {
                // a stray .cols.part is removed when its archive is made
            }
        }
    }
}

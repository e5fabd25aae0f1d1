package org.nsr.replay.columns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.layout.SideFile;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordMerger;
import org.nsr.replay.RecordView;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;

/**
 * Builds the column sidecar of one archive from its records, through the codec's flow view: for
 * {@code nsr columns DIR} and for the recorder once an archive is published. Only an archive whose
 * every record is one flow with counters gets one (a flow source: generator flow lines); any other
 * record, or any damage read in the archive, leaves no sidecar. Stateless; one call per archive.
 */
public final class ColumnBuild {
    /** What one build did. */
    public enum Outcome { BUILT, NOT_A_FLOW_ARCHIVE, DAMAGED_ARCHIVE }

    private ColumnBuild() {
    }

    /** The sidecar path of an archive. */
    public static Path sidecarOf(RecordingFile archive) {
        return SideFile.COLUMNS.in(archive.path().toAbsolutePath().getParent(), archive.name());
    }

    /** Builds (or rebuilds) the sidecar of {@code archive}, one file of {@code recording}. */
    public static Outcome build(RecordingIndex recording, RecordingFile archive, ArchiveReader reader)
            throws IOException, ConfigException {
        RecordingIndex one = recording.retain(f -> f.path().equals(archive.path()));
        ReadStats stats = new ReadStats(new Metrics());
        FlowView view = new FlowView();
        Path target = sidecarOf(archive);
        long size = Files.size(archive.path());
        try (ColumnWriter out = new ColumnWriter(target, size);
                RecordMerger merger = new RecordMerger(one, ReadSelection.all(), reader, stats)) {
            Collect collect = new Collect(out);
            RecordView r;
            while ((r = merger.next()) != null) {
                collect.ok = false;
                int n = view.visit(r.array(), r.offset(), r.length(), r.timestampNanos(), collect);
                if (n != 1 || !collect.ok) {
                    out.abandon();
                    return Outcome.NOT_A_FLOW_ARCHIVE;
                }
                if (collect.failure != null) {
                    throw collect.failure;
                }
            }
            if (stats.hasProblems()) {
                out.abandon();
                return Outcome.DAMAGED_ARCHIVE;
            }
            out.publish();
            return Outcome.BUILT;
        }
    }

    /** Copies the one flow of a record into the writer, if it has counters. */
    private static final class Collect implements FlowVisitor {
        private final ColumnWriter out;
        boolean ok;
        IOException failure;

        Collect(ColumnWriter out) {
            this.out = out;
        }

        @Override
        public void flow(Flow f) {
            if (f.packets() == Flow.UNKNOWN || f.bytes() == Flow.UNKNOWN) {
                return;
            }
            try {
                out.add(f.timeNanos(), f.srcIp(), f.dstIp(), f.srcPort(), f.dstPort(), f.protocol(), f.packets(),
                        f.bytes());
                ok = true;
            } catch (IOException e) {
                failure = e;
                ok = true;
            }
        }
    }
}

package org.nsr.aggregate;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.config.ConfigException;
import org.nsr.layout.FileStage;
import org.nsr.record.codec.IngestLine;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ingest lines one source recorded in a directory, archives and loose files alike (one
 * copy per file name, as {@link RecordingIndex} picks it), and hands on their entries. Used to
 * rebuild the aggregation at start and to answer hours that have left memory.
 *
 * <p>A line is applied whole or not at all: its entries are collected first. The unterminated
 * last line of a file still being written is skipped (it is not durable yet); a damaged file is
 * logged and counted, and the scan goes on with the next one. A complete file that is archived
 * while the scan runs is read from its archive instead.
 */
public final class RecordingScan {
    private static final Logger log = LoggerFactory.getLogger(RecordingScan.class);

    /** What one scan read. */
    public record Stats(int files, long lines, long entries, long malformedLines, int damagedFiles) {
    }

    private record Entry(String src, String dst, String vpc, long tx, long rx, long hourStart) {
    }

    private RecordingScan() {
    }

    public static Stats scan(Path dir, String source, IngestLine.EntryVisitor visitor) throws IOException {
        List<RecordingFile> files;
        try {
            files = RecordingIndex.scan(dir).files(source);
        } catch (ConfigException e) {
            return new Stats(0, 0, 0, 0, 0); // no recording yet
        }
        ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withReadAheadBlocks(0));
        long lines = 0;
        long entries = 0;
        long malformed = 0;
        int damaged = 0;
        List<Entry> line = new ArrayList<>();
        for (RecordingFile f : files) {
            try (LineSource in = open(reader, f)) {
                while (in.next()) {
                    if (in.currentLineUnterminated()) {
                        break;
                    }
                    line.clear();
                    int n = IngestLine.visitEntries(in.array(), in.offset(), in.length(),
                            (s, d, v, tx, rx, h) -> line.add(new Entry(s, d, v, tx, rx, h)));
                    if (n == org.nsr.record.codec.LineKind.NOT_THIS_KIND) {
                        continue;
                    }
                    lines++;
                    if (n < 0) {
                        malformed++;
                        log.warn("{}: line {} is not a readable ingest line; skipped", f.path(), in.lineNumber());
                        continue;
                    }
                    for (Entry e : line) {
                        visitor.entry(e.src(), e.dst(), e.vpc(), e.tx(), e.rx(), e.hourStart());
                    }
                    entries += n;
                }
            } catch (DamagedFileException e) {
                damaged++;
                log.warn("{}: damaged ({}); the lines read before the damage count, the rest is skipped", f.path(),
                        e.getMessage());
            }
        }
        return new Stats(files.size(), lines, entries, malformed, damaged);
    }

    private static LineSource open(ArchiveReader reader, RecordingFile f) throws DamagedFileException {
        try {
            return reader.open(f.path());
        } catch (DamagedFileException e) {
            if (f.stage() != FileStage.ARCHIVED && e.getCause() instanceof NoSuchFileException) {
                // archived (and removed) between the listing and now
                Path zip = f.path().resolveSibling(f.name().fileName(FileStage.ARCHIVED));
                return reader.open(zip);
            }
            throw e;
        }
    }
}

package org.nsr.aggregate;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.record.codec.IngestLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ingest lines one source recorded in a directory, archives and loose files alike (one
 * copy per file name: the final archive, else the complete file, else the file being written, else
 * an archive left half written by a crash), and hands on their entries. Used to
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
        List<RecordingFile> files = filesOf(dir, source);
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

    record RecordingFile(Path path, RecordingFileName name, FileStage stage) {
    }

    /** The source's files in name (time) order, one copy per name. */
    static List<RecordingFile> filesOf(Path dir, String source) throws IOException {
        java.util.TreeMap<RecordingFileName, RecordingFile> chosen = new java.util.TreeMap<>();
        if (!java.nio.file.Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                RecordingFileName.ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
                if (parsed == null || !parsed.name().source().equals(source)) {
                    continue;
                }
                RecordingFile f = new RecordingFile(p, parsed.name(), parsed.stage());
                chosen.merge(f.name(), f, (a, b) -> preference(a.stage()) >= preference(b.stage()) ? a : b);
            }
        }
        return List.copyOf(chosen.values());
    }

    private static int preference(FileStage stage) {
        return switch (stage) {
            case ARCHIVED -> 3;
            case COMPLETE -> 2;
            case WRITING -> 1;
            case ARCHIVING -> 0;
        };
    }

    static LineSource open(ArchiveReader reader, RecordingFile f) throws DamagedFileException {
        try {
            return reader.open(f.path());
        } catch (DamagedFileException e) {
            if (f.stage() == FileStage.ARCHIVED || !(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
            // moved on between the listing and now: a file being written is published (.json), then
            // archived; read it from the stage it has reached. Both tried: a scan that only tried the
            // archive counted a file published meanwhile as damaged and lost its lines.
            DamagedFileException last = e;
            FileStage[] later = f.stage() == FileStage.WRITING
                    ? new FileStage[] {FileStage.COMPLETE, FileStage.ARCHIVED} : new FileStage[] {FileStage.ARCHIVED};
            for (FileStage stage : later) {
                try {
                    return reader.open(f.path().resolveSibling(f.name().fileName(stage)));
                } catch (DamagedFileException next) {
                    if (!(next.getCause() instanceof NoSuchFileException)) {
                        throw next;
                    }
                    last = next;
                }
            }
            throw last;
        }
    }
}

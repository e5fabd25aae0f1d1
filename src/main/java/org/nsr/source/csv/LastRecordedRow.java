package org.nsr.source.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.record.codec.CsvRowLine;

/**
 * The CSV line of the last row a source recorded, read from its newest recording file after the
 * start's recovery: after a kill -9 the file may hold rows past the saved (durable) read position,
 * written but not yet fsynced when the process died; the source skips them instead of recording
 * them twice. A plain {@code .json} is read from its tail; an archive is read through.
 */
final class LastRecordedRow {
    /** How far from its end a plain file is searched for the start of its last line, at most. */
    private static final int TAIL_BYTES = 4 << 20;

    private LastRecordedRow() {
    }

    /** The {@code csv_line} of the source's last recorded line, or -1 when none is found. */
    static long in(Path outputDir, String source) throws IOException {
        if (outputDir == null) {
            return -1;
        }
        for (RecordingFileName name : newestFirst(outputDir, source)) {
            long line = lastLineOf(outputDir, name);
            if (line != Long.MIN_VALUE) {
                return line;
            }
        }
        return -1;
    }

    /** The source's file names, newest first (a file the writer opened anew may still be empty). */
    private static List<RecordingFileName> newestFirst(Path dir, String source) throws IOException {
        TreeSet<RecordingFileName> names = new TreeSet<>(Comparator.reverseOrder());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                RecordingFileName.ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
                if (parsed != null && parsed.name().source().equals(source)) {
                    names.add(parsed.name());
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** The last line's csv_line in one file, -1 when it is not a CSV row, Long.MIN_VALUE when it has no line. */
    private static long lastLineOf(Path outputDir, RecordingFileName newest) throws IOException {
        for (FileStage stage : new FileStage[] {FileStage.WRITING, FileStage.COMPLETE}) {
            Path plain = outputDir.resolve(newest.fileName(stage));
            try {
                long line = lastLineOfPlain(plain);
                if (line != Long.MIN_VALUE) {
                    return line;
                }
            } catch (NoSuchFileException e) {
                // archived meanwhile, or never in this stage
            }
        }
        Path zip = outputDir.resolve(newest.fileName(FileStage.ARCHIVED));
        return Files.exists(zip) ? lastLineOfArchive(zip) : Long.MIN_VALUE;
    }

    /** Long.MIN_VALUE when the file has no complete line in its tail. */
    private static long lastLineOfPlain(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.min(size, TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, size - n + buf.position()) > 0) {
                // read the tail whole
            }
            byte[] b = buf.array();
            int end = buf.position();
            while (end > 0 && b[end - 1] != '\n') {
                end--; // an unterminated last line is not a record (recovery cuts it)
            }
            if (end == 0) {
                return Long.MIN_VALUE;
            }
            int lineEnd = end - 1;
            int start = lineEnd;
            while (start > 0 && b[start - 1] != '\n') {
                start--;
            }
            if (start == 0 && n < size) {
                return Long.MIN_VALUE;
            }
            return CsvRowLine.csvLine(b, start, lineEnd - start);
        }
    }

    private static long lastLineOfArchive(Path zip) throws IOException {
        long last = Long.MIN_VALUE;
        try (LineSource lines = new ArchiveReader(ArchiveReader.Options.defaults()).open(zip)) {
            while (lines.next()) {
                if (!lines.currentLineUnterminated()) {
                    last = CsvRowLine.csvLine(lines.array(), lines.offset(), lines.length());
                }
            }
        } catch (DamagedFileException e) {
            return -1;
        }
        return last;
    }
}

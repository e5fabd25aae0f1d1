package org.nsr.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.LineSource;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.IngestLine;

/** A scan lists the files, then opens them: meanwhile the writer may publish the file it listed as being written. */
class RecordingScanMovedFileTest {
    @TempDir
    Path dir;

    @Test
    void aFileListedAsBeingWrittenButPublishedSinceIsReadFromItsCompleteName() throws Exception {
        RecordingFileName name = RecordingFileName.of(LocalDateTime.of(2026, 12, 1, 0, 0), "push");
        LineBuffer line = new LineBuffer(256);
        IngestLine.begin(line, 1_764_547_200_000L);
        IngestLine.appendEntry(line, true, "a", "b", "v", 5, 7, 1_764_547_200_000L);
        IngestLine.end(line);
        line.append((byte) '\n');
        Files.write(dir.resolve(name.fileName(FileStage.COMPLETE)), line.toByteArray());
        // as listed a moment before the writer renamed .json.part to .json
        RecordingScan.RecordingFile listed = new RecordingScan.RecordingFile(
                dir.resolve(name.fileName(FileStage.WRITING)), name, FileStage.WRITING);
        try (LineSource in = RecordingScan.open(new ArchiveReader(), listed)) {
            assertTrue(in.next(), "the published file is read");
            String text = new String(in.array(), in.offset(), in.length(), StandardCharsets.UTF_8);
            assertTrue(text.contains("\"src_app\":\"a\""), text);
            assertEquals(false, in.next());
        }
    }
}

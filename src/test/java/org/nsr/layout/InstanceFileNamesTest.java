package org.nsr.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.TimeRange;

/** File names of a recorder with an instance id (issue 16 item 2): unique per recorder, read as one recording. */
class InstanceFileNamesTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 12, 1, 23, 0);

    @TempDir
    Path tmp;

    @Test
    void aNameWithoutAnInstanceIsTheOriginalRecordersName() {
        RecordingFileName n = RecordingFileName.of(T, "flowinfo");
        assertEquals("2026_12_01_23-00-00_flowinfo.json", n.fileName(FileStage.COMPLETE));
        assertEquals(n, RecordingFileName.parse("2026_12_01_23-00-00_flowinfo_json.zip").name());
    }

    @Test
    void anInstanceIdFollowsTheSourceAndSurvivesEveryStageAndTheSequenceSuffix() {
        RecordingFileName n = RecordingFileName.of(T, "from_kafka", "host-1a2b3c");
        for (FileStage s : FileStage.values()) {
            RecordingFileName.ParsedName p = RecordingFileName.parse(n.fileName(s));
            assertEquals(n, p.name(), s.name());
            assertEquals(s, p.stage());
        }
        assertEquals("2026_12_01_23-00-00_from_kafka@host-1a2b3c.json", n.fileName(FileStage.COMPLETE));
        RecordingFileName next = n.nextInSequence();
        assertEquals("host-1a2b3c", RecordingFileName.parse(next.fileName(FileStage.ARCHIVED)).name().instance());
        assertTrue(next.compareTo(n) > 0);
        assertNull(RecordingFileName.parse("2026_12_01_23-00-00_from_kafka@.json"), "an empty id is no name");
    }

    @Test
    void twoRecordersOfTheSameSourceAndSlotNeverShareAName() {
        RecordingFileName a = RecordingFileName.of(T, "from_kafka", "r1");
        RecordingFileName b = RecordingFileName.of(T, "from_kafka", "r2");
        assertTrue(!a.fileName(FileStage.ARCHIVED).equals(b.fileName(FileStage.ARCHIVED)));
        assertTrue(a.compareTo(b) < 0);
    }

    @Test
    void theGeneratedIdIsKeptInTheOutputDirectorySoARestartKeepsIt() throws Exception {
        String first = InstanceId.ofDir(tmp);
        assertTrue(InstanceId.isValid(first), first);
        assertEquals(first, InstanceId.ofDir(tmp));
        assertEquals(first, Files.readString(tmp.resolve(".nsr/instance-id")).trim());
    }

    @Test
    void aStoreOfSeveralRecordersDirectoriesReadsAsOneRecordingWithOneStreamPerRecorder() throws Exception {
        for (String id : List.of("r1", "r2")) {
            Path d = Files.createDirectories(tmp.resolve(id));
            Files.writeString(d.resolve(RecordingFileName.of(T, "from_kafka", id).fileName(FileStage.COMPLETE)),
                    "{\"timestamp\":1}\n");
        }
        RecordingIndex index = RecordingIndex.scan(tmp);
        assertEquals(List.of("from_kafka@r1", "from_kafka@r2"), index.sources());
        ReadSelection bySource = new ReadSelection(Set.of("from_kafka"), TimeRange.ALL);
        assertEquals(List.of("from_kafka@r1", "from_kafka@r2"), bySource.resolveSources(index),
                "--source from_kafka selects every recorder's stream of it");
    }
}

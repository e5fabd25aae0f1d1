package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nsr.layout.FileFacts;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.layout.SideFile;

/**
 * Issue 10 item 1: recovery converges whatever step a crash interrupted, and running it again (or
 * crashing inside it) changes nothing it has already settled. A crash is an exception thrown by the
 * step hook right after the step.
 */
class RecoveryIdempotenceTest {
    @TempDir
    Path root;

    private static final FileFacts FACTS = new FileFacts(2, "timestamp");

    /** The crash a test injects: thrown by the hook, never by the code under test. */
    static final class Crash extends IOException {
        Crash(String where) {
            super("injected crash after " + where);
        }
    }

    private static List<String> lines(String tag, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"timestamp\":" + (1_700_000_000_000L + i) + ",\"" + tag + "\":[" + i + "]}");
        }
        return out;
    }

    private static Path writeJson(Path dir, RecordingFileName name, List<String> lines) throws IOException {
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Files.writeString(json, String.join("\n", lines) + "\n");
        return json;
    }

    /** Every file name in {@code dir}. */
    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** What the compression stage does with recovery's leftovers. */
    private static void archiveLeftovers(List<Recovery.Leftover> leftovers) throws IOException {
        for (Recovery.Leftover l : leftovers) {
            new ZipArchiver(4).archive(l.json(), l.name(), l.facts() == null ? null : l.facts().toComment());
        }
    }

    /** Recovery twice (the second finds the same leftovers), archiving, recovery once more: nothing left. */
    private static void recoverTwiceArchiveAndRecoverAgain(Path dir) throws IOException {
        List<Recovery.Leftover> first = Recovery.recover(dir);
        List<Recovery.Leftover> second = Recovery.recover(dir);
        assertEquals(first, second, "a second recovery finds what the first left");
        archiveLeftovers(second);
        assertEquals(List.of(), Recovery.recover(dir), "after archiving, recovery finds nothing to do");
    }

    private static void assertOneArchiveWithEveryLine(Path dir, RecordingFileName name, List<String> lines,
            FileFacts facts) throws IOException {
        Path zip = dir.resolve(name.fileName(FileStage.ARCHIVED));
        assertTrue(Files.exists(zip), "missing " + zip.getFileName() + " in " + listing(dir));
        assertTrue(ZipArchiver.sameContent(zip, writeExpected(dir, lines), name.entryName()),
                zip.getFileName() + " holds every line, in order");
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            assertEquals(1, zf.size());
            ZipEntry e = zf.getEntry(name.entryName());
            assertEquals(facts == null ? null : facts.toComment(), e.getComment(), "the entry carries the facts");
            try (InputStream in = zf.getInputStream(e)) {
                assertEquals(String.join("\n", lines) + "\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static Path writeExpected(Path dir, List<String> lines) throws IOException {
        Path expected = dir.resolveSibling(dir.getFileName() + ".expected");
        Files.writeString(expected, String.join("\n", lines) + "\n");
        return expected;
    }

    @Test
    void theReportedCaseAnArchiveWithItsUnzippedJsonAndSideFileBesideItRecoversWithoutError() throws Exception {
        // By hand, as in the issue: unzip an archive next to itself and write a .facts file beside it.
        Path dir = Files.createDirectories(root.resolve("rec"));
        RecordingFileName name = new RecordingFileName("2026_11_23_19-00-00", "flowinfo");
        List<String> lines = lines("flowinfo", 500);
        Path json = writeJson(dir, name, lines);
        Path zip = new ZipArchiver(4).archive(json, name, FACTS.toComment()).archive();
        try (ZipFile zf = new ZipFile(zip.toFile()); InputStream in = zf.getInputStream(zf.getEntry(name.entryName()))) {
            Files.write(json, in.readAllBytes());
        }
        FACTS.writeSidecar(FileFacts.sidecarOf(dir, name));
        assertEquals(Set.of(name.fileName(FileStage.ARCHIVED), name.entryName(), SideFile.FACTS.fileName(name)),
                listing(dir));

        assertEquals(List.of(), Recovery.recover(dir));
        assertEquals(Set.of(name.fileName(FileStage.ARCHIVED)), listing(dir));
        assertOneArchiveWithEveryLine(dir, name, lines, FACTS);
        assertEquals(List.of(), Recovery.recover(dir), "and again: nothing to do, no error");
    }

    @ParameterizedTest
    @EnumSource(value = StepHook.Step.class, names = {"ZIP_PART_WRITTEN", "ZIP_PART_SYNCED", "ZIP_PART_VERIFIED",
            "ZIP_RENAMED", "DIRECTORY_SYNCED", "JSON_DELETED", "FACTS_DELETED"})
    void aCrashAfterAnyArchivingStepRecoversToExactlyOneCompleteArchive(StepHook.Step crashAt) throws Exception {
        Path dir = Files.createDirectories(root.resolve("rec"));
        RecordingFileName earlier = new RecordingFileName("2026_11_23_18-00-00", "flowinfo");
        RecordingFileName name = new RecordingFileName("2026_11_23_19-00-00", "flowinfo");
        List<String> earlierLines = lines("flowinfo", 50);
        List<String> lines = lines("flowinfo", 3000);
        new ZipArchiver(4).archive(writeJson(dir, earlier, earlierLines), earlier, null);
        Path json = writeJson(dir, name, lines);
        FACTS.writeSidecar(FileFacts.sidecarOf(dir, name));

        ZipArchiver crashing = new ZipArchiver(4, step -> {
            if (step == crashAt) {
                throw new Crash(step.toString());
            }
        });
        assertThrows(Crash.class, () -> crashing.archive(json, name, FACTS.toComment()));

        recoverTwiceArchiveAndRecoverAgain(dir);
        assertEquals(Set.of(earlier.fileName(FileStage.ARCHIVED), name.fileName(FileStage.ARCHIVED)), listing(dir),
                "no .json, .json.part, _json.zip.part or .json.facts left");
        assertOneArchiveWithEveryLine(dir, name, lines, FACTS);
        assertOneArchiveWithEveryLine(dir, earlier, earlierLines, null);
    }

    /** One directory with every situation recovery settles, each file with its own lines. */
    private record Situation(Path dir, RecordingFileName unfinished, RecordingFileName part,
            RecordingFileName archivedNotDeleted, RecordingFileName mismatched, RecordingFileName staleFacts,
            List<String> linesA, List<String> linesB, List<String> linesC, List<String> linesD,
            List<String> linesE) {

        static Situation in(Path dir) throws IOException {
            Files.createDirectories(dir);
            Situation s = new Situation(dir,
                    new RecordingFileName("2026_11_23_10-00-00", "flowinfo"),
                    new RecordingFileName("2026_11_23_11-00-00", "flowinfo"),
                    new RecordingFileName("2026_11_23_10-00-00", "graphinfo"),
                    new RecordingFileName("2026_11_23_11-00-00", "graphinfo"),
                    new RecordingFileName("2026_11_23_12-00-00", "graphinfo"),
                    lines("a", 40), lines("b", 30), lines("c", 20), lines("d", 10), lines("e", 5));
            // an archive still being written beside its .json
            writeJson(dir, s.unfinished, s.linesA);
            FACTS.writeSidecar(FileFacts.sidecarOf(dir, s.unfinished));
            Files.writeString(dir.resolve(s.unfinished.fileName(FileStage.ARCHIVING)), "PK\u0003\u0004 half");
            // a file being written, cut in the middle of a line
            Path part = dir.resolve(s.part.fileName(FileStage.WRITING));
            Files.writeString(part, String.join("\n", s.linesB) + "\n{\"timestamp\":17000");
            FACTS.writeSidecar(FileFacts.sidecarOf(dir, s.part));
            // the reported case: archive in place, .json and .facts not yet deleted
            Path c = writeJson(dir, s.archivedNotDeleted, s.linesC);
            Path cZip = dir.resolve(s.archivedNotDeleted.fileName(FileStage.ARCHIVED));
            Files.copy(new ZipArchiver(4).archive(c, s.archivedNotDeleted, FACTS.toComment()).archive(),
                    dir.resolve("c.keep"));
            writeJson(dir, s.archivedNotDeleted, s.linesC);
            FACTS.writeSidecar(FileFacts.sidecarOf(dir, s.archivedNotDeleted));
            Files.delete(dir.resolve("c.keep"));
            assertTrue(Files.exists(cZip));
            // an archive that does not hold what its .json holds
            Path d = writeJson(dir, s.mismatched, List.of("{\"timestamp\":1,\"other\":true}"));
            new ZipArchiver(4).archive(d, s.mismatched, null);
            writeJson(dir, s.mismatched, s.linesD);
            // a side file whose file is archived
            new ZipArchiver(4).archive(writeJson(dir, s.staleFacts, s.linesE), s.staleFacts, null);
            FACTS.writeSidecar(FileFacts.sidecarOf(dir, s.staleFacts));
            return s;
        }

        void assertSettled() throws IOException {
            assertEquals(Set.of(unfinished.fileName(FileStage.ARCHIVED), part.fileName(FileStage.ARCHIVED),
                    archivedNotDeleted.fileName(FileStage.ARCHIVED), mismatched.fileName(FileStage.ARCHIVED),
                    SideFile.MISMATCHED_ARCHIVE.fileName(mismatched), staleFacts.fileName(FileStage.ARCHIVED)),
                    listing(dir), "one archive per file and the mismatched archive kept aside, nothing else");
            assertOneArchiveWithEveryLine(dir, unfinished, linesA, FACTS);
            assertOneArchiveWithEveryLine(dir, part, linesB, FACTS);
            assertOneArchiveWithEveryLine(dir, archivedNotDeleted, linesC, FACTS);
            assertOneArchiveWithEveryLine(dir, mismatched, linesD, null);
            assertOneArchiveWithEveryLine(dir, staleFacts, linesE, null);
        }
    }

    @Test
    void everySituationIsSettledByOneRecoveryAndASecondChangesNothing() throws Exception {
        Situation s = Situation.in(root.resolve("rec"));
        List<Recovery.Leftover> left = Recovery.recover(s.dir());
        assertEquals(List.of(s.unfinished(), s.part(), s.mismatched()).stream().sorted().toList(),
                left.stream().map(Recovery.Leftover::name).sorted().toList());
        Set<String> afterOne = listing(s.dir());
        assertEquals(left, Recovery.recover(s.dir()));
        assertEquals(afterOne, listing(s.dir()), "a second recovery changes nothing");
        archiveLeftovers(left);
        s.assertSettled();
    }

    @Test
    void aCrashAfterAnyStepOfRecoveryItselfIsSettledByTheNextRecovery() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        Set<StepHook.Step> kinds = java.util.EnumSet.noneOf(StepHook.Step.class);
        Recovery.recover(Situation.in(root.resolve("count")).dir(), step -> {
            steps.incrementAndGet();
            kinds.add(step);
        });
        assertEquals(java.util.EnumSet.range(StepHook.Step.UNFINISHED_ARCHIVE_DELETED, StepHook.Step.STALE_FACTS_DELETED),
                kinds, "the situation reaches every kind of recovery step");
        for (int crashAt = 1; crashAt <= steps.get(); crashAt++) {
            Situation s = Situation.in(root.resolve("crash-" + crashAt));
            AtomicInteger seen = new AtomicInteger();
            int n = crashAt;
            assertThrows(Crash.class, () -> Recovery.recover(s.dir(), step -> {
                if (seen.incrementAndGet() == n) {
                    throw new Crash(step + " (step " + n + ")");
                }
            }));
            recoverTwiceArchiveAndRecoverAgain(s.dir());
            s.assertSettled();
        }
    }
}

package org.nsr.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nsr.layout.FileFacts;
import org.nsr.layout.FileStage;
import org.nsr.layout.FileSync;
import org.nsr.layout.RecordingFileName;
import org.nsr.layout.SideFile;
import org.nsr.layout.RecordingFileName.ParsedName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an output directory back in order after a crash, before anything new is written.
 *
 * <ul>
 *   <li>{@code _json.zip.part}: an archive that was never verified; deleted when its {@code .json}
 *       (or a final archive) is still there, else kept and reported (it is the only copy left).</li>
 *   <li>{@code .json.part}: cut back to its last complete line, synced and published as {@code .json}
 *       (deleted if no complete line is left).</li>
 *   <li>{@code .json} with a finished {@code _json.zip} beside it: the crash came between rename and
 *       delete; the archive is checked against the file, then the file and its side file are
 *       deleted. An archive that does not match is moved aside as {@code _json.zip.mismatch} and
 *       the file archived again.</li>
 *   <li>{@code .json.facts} whose data file is gone: its archive holds the facts; deleted.</li>
 *   <li>every other {@code .json}: returned, to be archived.</li>
 * </ul>
 *
 * <p>Idempotent at every step: each pass lists the directory afresh (a step of an earlier pass may
 * have removed what an old listing still shows), every delete tolerates a file that is already
 * gone, and a crash during recovery leaves a state the next recovery handles like any other. Two
 * runs in a row give the same directory as one.
 */
public final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    private static final int SCAN = 64 << 10;

    private Recovery() {
    }

    /** A complete file left behind, to be handed to the compression stage. */
    public record Leftover(Path json, RecordingFileName name, FileFacts facts) {
    }

    public static List<Leftover> recover(Path dir) throws IOException {
        return recover(dir, StepHook.NONE);
    }

    static List<Leftover> recover(Path dir, StepHook hook) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        for (ParsedName p : list(dir, FileStage.ARCHIVING)) {
            settleUnfinishedArchive(dir, p.name(), hook);
        }
        for (ParsedName p : list(dir, FileStage.WRITING)) {
            publishPart(dir.resolve(p.name().fileName(FileStage.WRITING)), p.name());
            hook.after(StepHook.Step.PART_SETTLED);
        }
        for (ParsedName p : list(dir, FileStage.COMPLETE)) {
            settleArchivedJson(dir, p.name(), hook);
        }
        deleteStaleFacts(dir, hook);
        List<Leftover> leftovers = new ArrayList<>();
        for (ParsedName p : list(dir, FileStage.COMPLETE)) {
            Path json = dir.resolve(p.name().fileName(FileStage.COMPLETE));
            leftovers.add(new Leftover(json, p.name(), FileFacts.readSidecar(FileFacts.sidecarOf(dir, p.name()))));
            log.warn("recovery: {} was not archived yet; queued for compression", json.getFileName());
        }
        return leftovers;
    }

    /** The recording files of one stage in {@code dir} right now, in name order. */
    private static List<ParsedName> list(Path dir, FileStage stage) throws IOException {
        List<ParsedName> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + stage.suffix())) {
            for (Path p : ds) {
                ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
                if (parsed != null && parsed.stage() == stage) {
                    found.add(parsed);
                }
            }
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    private static void settleUnfinishedArchive(Path dir, RecordingFileName name, StepHook hook) throws IOException {
        Path part = dir.resolve(name.fileName(FileStage.ARCHIVING));
        boolean sourceKept = Files.exists(dir.resolve(name.fileName(FileStage.COMPLETE)))
                || Files.exists(dir.resolve(name.fileName(FileStage.ARCHIVED)));
        if (!sourceKept) {
            // Archiving deletes the .json only after the rename, so this is not a crash we caused:
            // the unverified archive is the only copy left. Keep it (readers still read it).
            log.error("recovery: {} is an unfinished archive with neither its .json nor a final archive beside it; "
                    + "kept as it is for a person to look at", part.getFileName());
            return;
        }
        if (Files.deleteIfExists(part)) {
            FileSync.syncDirectory(dir);
            log.warn("recovery: deleted unfinished archive {}", part.getFileName());
        }
        hook.after(StepHook.Step.UNFINISHED_ARCHIVE_DELETED);
    }

    /** A {@code .json} with a final archive beside it: the crash came between rename and delete. */
    private static void settleArchivedJson(Path dir, RecordingFileName name, StepHook hook) throws IOException {
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Path zip = dir.resolve(name.fileName(FileStage.ARCHIVED));
        if (!Files.exists(zip) || !Files.exists(json)) {
            return;
        }
        if (holdsTheSame(zip, json, name)) {
            Files.deleteIfExists(json);
            hook.after(StepHook.Step.ARCHIVED_JSON_DELETED);
            Files.deleteIfExists(FileFacts.sidecarOf(dir, name));
            FileSync.syncDirectory(dir);
            log.warn("recovery: {} was already archived and verified; deleted the leftover {}", zip.getFileName(),
                    json.getFileName());
            return;
        }
        // Never overwrite an archive: keep the odd one aside for a person to look at.
        Path aside = SideFile.MISMATCHED_ARCHIVE.numbered(dir, name, 0);
        for (int n = 1; Files.exists(aside); n++) {
            aside = SideFile.MISMATCHED_ARCHIVE.numbered(dir, name, n);
        }
        Files.move(zip, aside);
        FileSync.syncDirectory(dir);
        hook.after(StepHook.Step.MISMATCH_MOVED_ASIDE);
        log.error("recovery: {} does not hold what {} holds; moved it to {} and archiving the .json again",
                zip.getFileName(), json.getFileName(), aside.getFileName());
    }

    private static boolean holdsTheSame(Path zip, Path json, RecordingFileName name) throws IOException {
        try {
            return ZipArchiver.sameContent(zip, json, name.entryName());
        } catch (NoSuchFileException e) {
            throw e; // the .json itself went away under us: not the archive's fault
        } catch (IOException e) {
            log.error("recovery: cannot read {} to compare it with {}: {}", zip.getFileName(), json.getFileName(),
                    e.toString());
            return false;
        }
    }

    /** Side files whose {@code .json} and {@code .json.part} are both gone: the archive holds the facts. */
    private static void deleteStaleFacts(Path dir, StepHook hook) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SideFile.FACTS.suffix())) {
            for (Path p : ds) {
                RecordingFileName name = SideFile.FACTS.owner(p.getFileName().toString());
                if (name != null && !Files.exists(dir.resolve(name.fileName(FileStage.COMPLETE)))
                        && !Files.exists(dir.resolve(name.fileName(FileStage.WRITING)))) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            if (Files.deleteIfExists(p)) {
                log.info("recovery: deleted {}: its file is archived and the archive holds the facts", p.getFileName());
            }
            hook.after(StepHook.Step.STALE_FACTS_DELETED);
        }
        if (!stale.isEmpty()) {
            FileSync.syncDirectory(dir);
        }
    }

    /** Cuts a {@code .json.part} back to its last newline and publishes it. */
    static Path publishPart(Path part, RecordingFileName name) throws IOException {
        long keep;
        long size;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            size = ch.size();
            keep = lastLineEnd(ch, size);
            if (keep < size) {
                ch.truncate(keep);
            }
            ch.force(true);
        }
        if (keep == 0) {
            Files.deleteIfExists(part);
            FileSync.syncDirectory(part.toAbsolutePath().getParent());
            log.warn("recovery: {} held no complete line ({} bytes); deleted", part.getFileName(), size);
            return null;
        }
        Path json = part.resolveSibling(name.fileName(FileStage.COMPLETE));
        FileSync.publish(part, json);
        log.warn("recovery: published {} ({} bytes kept, {} bytes of a partial line cut)", json.getFileName(), keep,
                size - keep);
        return json;
    }

    /** Offset just after the last '\n', scanning backwards; 0 when there is none. */
    private static long lastLineEnd(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SCAN);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - SCAN);
            buf.clear().limit((int) (end - start));
            ch.read(buf, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }
}

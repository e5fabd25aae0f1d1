package org.nsr.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nsr.layout.FileFacts;
import org.nsr.layout.FileStage;
import org.nsr.layout.FileSync;
import org.nsr.layout.RecordingFileName;
import org.nsr.layout.RecordingFileName.ParsedName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an output directory back in order after a crash, before anything new is written.
 *
 * <ul>
 *   <li>{@code _json.zip.part}: an archive that was never verified; deleted (its {@code .json} is still there).</li>
 *   <li>{@code .json.part}: cut back to its last complete line, synced and published as {@code .json}
 *       (deleted if no complete line is left).</li>
 *   <li>{@code .json} with a finished {@code _json.zip} beside it: the crash came between rename and
 *       delete; the archive is checked against the file, then the file is deleted. An archive that
 *       does not match is moved aside as {@code _json.zip.mismatch} and the file archived again.</li>
 *   <li>every other {@code .json}: returned, to be archived.</li>
 * </ul>
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
        List<Leftover> leftovers = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return leftovers;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(entries::add);
        }
        entries.sort(null);
        for (Path p : entries) {
            ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
            if (parsed == null) {
                continue;
            }
            switch (parsed.stage()) {
                case ARCHIVING -> {
                    Files.delete(p);
                    log.warn("recovery: deleted unfinished archive {}", p.getFileName());
                }
                case WRITING -> {
                    Path json = publishPart(p, parsed.name());
                    if (json != null) {
                        leftovers.add(new Leftover(json, parsed.name(),
                                FileFacts.readSidecar(FileFacts.sidecarOf(dir, parsed.name()))));
                    }
                }
                default -> {
                    // COMPLETE and ARCHIVED are handled below, once all .part files are settled
                }
            }
        }
        for (Path p : entries) {
            ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
            if (parsed == null || parsed.stage() != FileStage.COMPLETE || !Files.exists(p)) {
                continue;
            }
            Path zip = dir.resolve(parsed.name().fileName(FileStage.ARCHIVED));
            boolean archived = Files.exists(zip);
            if (archived && ZipArchiver.sameContent(zip, p, parsed.name().entryName())) {
                Files.delete(p);
                Files.deleteIfExists(FileFacts.sidecarOf(dir, parsed.name()));
                FileSync.syncDirectory(dir);
                log.warn("recovery: {} was already archived and verified; deleted the leftover .json", zip.getFileName());
            } else {
                if (archived) {
                    // Never overwrite an archive: keep the odd one aside for a person to look at.
                    Path aside = zip.resolveSibling(zip.getFileName() + ".mismatch");
                    for (int n = 1; Files.exists(aside); n++) {
                        aside = zip.resolveSibling(zip.getFileName() + ".mismatch" + n);
                    }
                    Files.move(zip, aside);
                    log.error("recovery: {} does not hold what {} holds; moved it to {} and archiving the .json again",
                            zip.getFileName(), p.getFileName(), aside.getFileName());
                }
                leftovers.add(new Leftover(p, parsed.name(), FileFacts.readSidecar(FileFacts.sidecarOf(dir, parsed.name()))));
                log.warn("recovery: {} was not archived yet; queued for compression", p.getFileName());
            }
        }
        for (Path p : entries) {
            String file = p.getFileName().toString();
            if (file.endsWith(".json" + FileFacts.SIDECAR_SUFFIX)) {
                String json = file.substring(0, file.length() - FileFacts.SIDECAR_SUFFIX.length());
                if (!Files.exists(dir.resolve(json)) && !Files.exists(dir.resolve(json + ".part"))) {
                    Files.delete(p); // its file is archived: the archive holds the facts
                }
            }
        }
        return leftovers;
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
            Files.delete(part);
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

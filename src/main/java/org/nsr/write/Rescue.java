package org.nsr.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nsr.layout.FileStage;
import org.nsr.layout.FileSync;
import org.nsr.layout.RecordingFileName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a writer that cannot write at stop puts what it still holds in memory, and how the next
 * start takes it back. Candidates, in order: the configured {@code rescue_dir}, then the system
 * temp directory; in each a folder of this output directory's own, so recorders sharing a parent
 * never pick up each other's files. A rescued file is an ordinary {@code .json.part}; the next start
 * moves it into the output directory under a free name, and recovery publishes and archives it.
 */
public final class Rescue {
    private static final Logger log = LoggerFactory.getLogger(Rescue.class);

    /** Writes a rescue file: the caller streams bytes into it. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    private Rescue() {
    }

    /** The folders tried for {@code outputDir}'s rescue files, in order. */
    public static List<Path> dirsFor(Path rescueDir, Path outputDir) {
        Path abs = outputDir.toAbsolutePath().normalize();
        String own = (abs.getFileName() == null ? "root" : abs.getFileName().toString()) + "-"
                + Integer.toHexString(abs.toString().hashCode());
        List<Path> dirs = new ArrayList<>();
        if (rescueDir != null) {
            dirs.add(rescueDir.resolve(own));
        }
        dirs.add(Path.of(System.getProperty("java.io.tmpdir")).resolve("nsr-rescue").resolve(own));
        return dirs;
    }

    /**
     * Writes {@code content} into the first folder that takes it, as {@code name}'s
     * {@code .json.part} (or a later name in its sequence when taken), synced.
     *
     * @return the file written
     * @throws IOException the failure of the last folder tried, when none took it
     */
    public static Path spill(List<Path> dirs, RecordingFileName name, Content content) throws IOException {
        IOException last = null;
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
                RecordingFileName n = name;
                while (true) {
                    Path file = dir.resolve(n.fileName(FileStage.WRITING));
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        try {
                            content.writeTo(ch);
                            ch.force(true);
                        } catch (IOException e) {
                            ch.close();
                            Files.deleteIfExists(file);
                            throw e;
                        }
                        FileSync.syncDirectory(dir);
                        return file;
                    } catch (FileAlreadyExistsException taken) {
                        n = n.nextInSequence();
                    }
                }
            } catch (IOException e) {
                log.warn("cannot rescue records into {}: {}", dir, e.toString());
                last = e;
            }
        }
        throw last == null ? new IOException("no rescue directory") : last;
    }

    /**
     * Moves every rescued file of this output directory into it, under a name no file of the
     * directory has in any stage, for recovery to publish. Called at start, before recovery.
     *
     * @return how many files were taken back
     */
    public static int takeBack(List<Path> dirs, Path outputDir) throws IOException {
        int taken = 0;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + FileStage.WRITING.suffix())) {
                for (Path f : files) {
                    RecordingFileName.ParsedName parsed = RecordingFileName.parse(f.getFileName().toString());
                    if (parsed == null) {
                        continue;
                    }
                    RecordingFileName n = parsed.name();
                    while (existsInAnyStage(outputDir, n)) {
                        n = n.nextInSequence();
                    }
                    Path target = outputDir.resolve(n.fileName(FileStage.WRITING));
                    Files.copy(f, target);
                    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                    FileSync.syncDirectory(outputDir);
                    Files.delete(f);
                    taken++;
                    log.warn("took back {} rescued at an earlier stop as {}; recovery archives it", f,
                            target.getFileName());
                }
            }
        }
        return taken;
    }

    private static boolean existsInAnyStage(Path dir, RecordingFileName n) {
        for (FileStage stage : FileStage.values()) {
            if (Files.exists(dir.resolve(n.fileName(stage)))) {
                return true;
            }
        }
        return false;
    }

    /** Writes all of {@code bytes} to {@code out}. */
    static void writeFully(FileChannel out, byte[] bytes, int length) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(bytes, 0, length);
        while (bb.hasRemaining()) {
            out.write(bb);
        }
    }
}

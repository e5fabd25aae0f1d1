package org.nsr.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.nsr.layout.FileFacts;
import org.nsr.layout.FileStage;
import org.nsr.layout.FileSync;
import org.nsr.layout.RecordingFileName;

/**
 * Turns one published {@code .json} file into its {@code _json.zip} archive, safely.
 *
 * <p>The steps, in the order that makes a crash at any point harmless: write
 * {@code _json.zip.part}; fsync it; read it back and check the entry's size and CRC against the
 * source; rename it to {@code _json.zip}; sync the directory; only then delete the {@code .json},
 * then its {@code .json.facts} side file (the archive's entry comment now carries the facts), and
 * sync the directory again. {@link Recovery} finishes whatever a crash interrupted. Stateless and
 * thread-safe.
 */
public final class ZipArchiver {
    private static final int BUFFER = 256 << 10;

    private final int level;
    private final StepHook hook;

    public ZipArchiver(int level) {
        this(level, StepHook.NONE);
    }

    /** With a hook called after each step, for tests that crash between steps. */
    ZipArchiver(int level, StepHook hook) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level " + level + " is outside 0..9");
        }
        this.level = level;
        this.hook = hook;
    }

    /** Sizes of one archived file. */
    public record Result(Path archive, long rawBytes, long compressedBytes) {
    }

    public Result archive(Path json, RecordingFileName name) throws IOException {
        return archive(json, name, null);
    }

    /** Archives with an entry comment (the writer's {@link org.nsr.layout.FileFacts}), or none when null. */
    public Result archive(Path json, RecordingFileName name, String entryComment) throws IOException {
        Path dir = json.toAbsolutePath().getParent();
        Path part = dir.resolve(name.fileName(FileStage.ARCHIVING));
        Path zip = dir.resolve(name.fileName(FileStage.ARCHIVED));
        Files.deleteIfExists(part); // left by an earlier attempt that failed
        Source source = write(json, part, name.entryName(), entryComment);
        hook.after(StepHook.Step.ZIP_PART_SYNCED);
        verify(part, name.entryName(), source);
        hook.after(StepHook.Step.ZIP_PART_VERIFIED);
        FileSync.rename(part, zip);
        hook.after(StepHook.Step.ZIP_RENAMED);
        FileSync.syncDirectory(dir);
        hook.after(StepHook.Step.DIRECTORY_SYNCED);
        long compressed = Files.size(zip);
        Files.delete(json);
        hook.after(StepHook.Step.JSON_DELETED);
        Files.deleteIfExists(FileFacts.sidecarOf(dir, name));
        hook.after(StepHook.Step.FACTS_DELETED);
        FileSync.syncDirectory(dir);
        return new Result(zip, source.size, compressed);
    }

    /** Checks that {@code zip} holds exactly the bytes of {@code json}; used by recovery. */
    public static boolean sameContent(Path zip, Path json, String entryName) throws IOException {
        Source expected = checksum(json);
        try {
            verify(zip, entryName, expected);
            return true;
        } catch (DamagedFileException e) {
            return false;
        }
    }

    private Source write(Path json, Path part, String entryName, String entryComment) throws IOException {
        CRC32 crc = new CRC32();
        long size = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ZipArchiveOutputStream zos = new ZipArchiveOutputStream(out);
                InputStream in = Files.newInputStream(json)) {
            zos.setMethod(ZipArchiveOutputStream.DEFLATED);
            zos.setLevel(level == 0 ? Deflater.NO_COMPRESSION : level);
            zos.setUseZip64(Zip64Mode.AsNeeded);
            ZipArchiveEntry entry = new ZipArchiveEntry(entryName);
            entry.setLastModifiedTime(FileTime.from(Files.getLastModifiedTime(json).toInstant()));
            if (entryComment != null) {
                entry.setComment(entryComment);
            }
            zos.putArchiveEntry(entry);
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
                size += n;
                zos.write(buf, 0, n);
            }
            zos.closeArchiveEntry();
            zos.finish();
            hook.after(StepHook.Step.ZIP_PART_WRITTEN);
            out.force(true);
        }
        return new Source(size, crc.getValue());
    }

    private static void verify(Path zip, String entryName, Source expected) throws IOException {
        try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
            ZipArchiveEntry entry = zf.getEntry(entryName);
            if (entry == null) {
                throw new DamagedFileException(zip, DamagedFileException.Kind.NOT_SINGLE_ENTRY,
                        "entry " + entryName + " is missing", null);
            }
            if (entry.getSize() != expected.size || entry.getCrc() != expected.crc) {
                throw new DamagedFileException(zip, DamagedFileException.Kind.CRC_MISMATCH, "entry " + entryName
                        + " records size " + entry.getSize() + " crc " + entry.getCrc() + ", expected size "
                        + expected.size + " crc " + expected.crc, null);
            }
            Source actual;
            try (InputStream in = zf.getInputStream(entry)) {
                actual = checksum(in);
            }
            if (!actual.equals(expected)) {
                throw new DamagedFileException(zip, DamagedFileException.Kind.CRC_MISMATCH, "read back " + actual.size
                        + " bytes with crc " + actual.crc + ", expected " + expected.size + " bytes with crc "
                        + expected.crc, null);
            }
        } catch (java.util.zip.ZipException e) {
            throw new DamagedFileException(zip, DamagedFileException.Kind.CORRUPT, e.getMessage(), e);
        }
    }

    private static Source checksum(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return checksum(in);
        }
    }

    private static Source checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) > 0) {
            crc.update(buf, 0, n);
            size += n;
        }
        return new Source(size, crc.getValue());
    }

    private record Source(long size, long crc) {
    }
}

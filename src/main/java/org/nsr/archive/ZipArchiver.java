package org.nsr.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.function.IntSupplier;
import java.util.zip.CRC32;
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
 * {@code _json.zip.part} (its deflate stream compressed block-parallel by {@link BlockDeflater}: one
 * standard stream); fsync it; read it back and check the entry's size and CRC against the source
 * and the stored compressed bytes' CRC against what the deflater produced; rename it to {@code _json.zip}; sync the directory; only then delete the {@code .json},
 * then its {@code .json.facts} side file (the archive's entry comment now carries the facts), and
 * sync the directory again. {@link Recovery} finishes whatever a crash interrupted. Stateless and
 * thread-safe.
 */
public final class ZipArchiver {
    private static final int BUFFER = 256 << 10;

    private final int level;
    private final StepHook hook;
    private final BlockDeflater deflater;
    /** Room before the deflate stream for the local header: 30 bytes, the name, a zip64 extra. */
    private static final int RESERVED = 4096;

    public ZipArchiver(int level) {
        this(level, StepHook.NONE);
    }

    /** With a hook called after each step, for tests that crash between steps. */
    ZipArchiver(int level, StepHook hook) {
        this(level, hook, BlockDeflater.serial());
    }

    /** Compressing each file's blocks on {@code deflater}'s threads. */
    ZipArchiver(int level, StepHook hook, BlockDeflater deflater) {
        checkLevel(level);
        this.level = level;
        this.hook = hook;
        this.deflater = deflater;
    }

    private static void checkLevel(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level " + level + " is outside 0..9");
        }
    }

    /**
     * Sizes of one archived file, the lowest and highest deflate level its blocks took, and how long
     * its fsync took (what the drain at stop estimates the disk from).
     */
    public record Result(Path archive, long rawBytes, long compressedBytes, int minLevel, int maxLevel,
            long syncNanos) {
        /** "4", or "4..1" when the level changed while the file was compressed. */
        public String levels() {
            return minLevel == maxLevel ? Integer.toString(maxLevel) : maxLevel + ".." + minLevel;
        }
    }

    public Result archive(Path json, RecordingFileName name) throws IOException {
        return archive(json, name, null);
    }

    /** Archives with an entry comment (the writer's {@link org.nsr.layout.FileFacts}), or none when null. */
    public Result archive(Path json, RecordingFileName name, String entryComment) throws IOException {
        return archive(json, name, entryComment, level);
    }

    /** Archives at {@code level} rather than the archiver's own (the pool's automatic level). */
    public Result archive(Path json, RecordingFileName name, String entryComment, int level) throws IOException {
        checkLevel(level);
        return archive(json, name, entryComment, () -> level);
    }

    /**
     * Archives with each deflate block at the level {@code level} answers when the block is handed
     * out: the pool's automatic level, which may step down (or drain at stop) in the middle of a file.
     */
    Result archive(Path json, RecordingFileName name, String entryComment, IntSupplier level) throws IOException {
        Path dir = json.toAbsolutePath().getParent();
        Path part = dir.resolve(name.fileName(FileStage.ARCHIVING));
        Path zip = dir.resolve(name.fileName(FileStage.ARCHIVED));
        Files.deleteIfExists(part); // left by an earlier attempt that failed
        Source source = write(json, part, name.entryName(), entryComment, level);
        hook.after(StepHook.Step.ZIP_PART_SYNCED);
        verifyStored(part, name.entryName(), source);
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
        return new Result(zip, source.size, compressed, source.minLevel, source.maxLevel, source.syncNanos);
    }

    /** Checks that {@code zip} holds exactly the bytes of {@code json}; used by recovery. */
    public static boolean sameContent(Path zip, Path json, String entryName) throws IOException {
        Source expected = checksum(json);
        try {
            verifyInflated(zip, entryName, expected);
            return true;
        } catch (DamagedFileException e) {
            return false;
        }
    }

    private Source write(Path json, Path part, String entryName, String entryComment, IntSupplier level)
            throws IOException {
        if (entryName.getBytes(StandardCharsets.UTF_8).length > RESERVED / 2) {
            throw new IllegalArgumentException("entry name " + entryName + " is too long for a zip header");
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            // 1. The deflate stream, past room for the local header (its length depends on the sizes).
            BlockDeflater.Sums sums;
            try (InputStream in = Files.newInputStream(json);
                    ChannelOut data = new ChannelOut(ch, RESERVED)) {
                sums = deflater.deflate(in, data, level); // level 0 blocks are stored blocks of the same stream
            }
            // 2. The zip around it, moving the stream down to just behind the header. The copy
            // reads ahead of where it writes, so it never overwrites bytes it has yet to read.
            ChannelOut zipOut = new ChannelOut(ch, 0);
            try (ZipArchiveOutputStream zos = new ZipArchiveOutputStream(new BufferedOutputStream(zipOut, BUFFER))) {
                zos.setUseZip64(Zip64Mode.AsNeeded);
                ZipArchiveEntry entry = new ZipArchiveEntry(entryName);
                entry.setMethod(ZipArchiveEntry.DEFLATED);
                entry.setSize(sums.rawSize());
                entry.setCrc(sums.rawCrc());
                entry.setCompressedSize(sums.compressedSize());
                entry.setLastModifiedTime(FileTime.from(Files.getLastModifiedTime(json).toInstant()));
                if (entryComment != null) {
                    entry.setComment(entryComment);
                }
                zos.addRawArchiveEntry(entry, new ChannelIn(ch, RESERVED, sums.compressedSize()));
                zos.finish();
            }
            ch.truncate(zipOut.position());
            hook.after(StepHook.Step.ZIP_PART_WRITTEN);
            long syncStart = System.nanoTime(); // a measurement, not a schedule: no ticker needed
            ch.force(true);
            return new Source(sums.rawSize(), sums.rawCrc(), sums.compressedSize(), sums.compressedCrc(),
                    sums.minLevel(), sums.maxLevel(), System.nanoTime() - syncStart);
        }
    }

    /**
     * The cheap read-back: the central directory must name the entry with the source's size and
     * CRC, and the compressed bytes as the file now holds them must have the CRC32 that the
     * deflater's output had in memory. See the README ("Archive check") for why this is as strong
     * as a CRC over the inflated bytes.
     */
    private static void verifyStored(Path zip, String entryName, Source expected) throws IOException {
        try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
            ZipArchiveEntry entry = checkedEntry(zf, zip, entryName, expected);
            if (entry.getMethod() != ZipArchiveEntry.DEFLATED || entry.getCompressedSize() != expected.compressedSize) {
                throw new DamagedFileException(zip, DamagedFileException.Kind.CRC_MISMATCH, "entry " + entryName
                        + " records method " + entry.getMethod() + " and " + entry.getCompressedSize()
                        + " compressed bytes, expected deflate and " + expected.compressedSize, null);
            }
            CRC32 crc = new CRC32();
            try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ);
                    InputStream in = new ChannelIn(ch, entry.getDataOffset(), expected.compressedSize)) {
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) > 0) {
                    crc.update(buf, 0, n);
                }
            }
            if (crc.getValue() != expected.compressedCrc) {
                throw new DamagedFileException(zip, DamagedFileException.Kind.CRC_MISMATCH, "compressed bytes read back"
                        + " have crc " + crc.getValue() + ", the deflater wrote crc " + expected.compressedCrc, null);
            }
        } catch (java.util.zip.ZipException e) {
            throw new DamagedFileException(zip, DamagedFileException.Kind.CORRUPT, e.getMessage(), e);
        }
    }

    private static ZipArchiveEntry checkedEntry(ZipFile zf, Path zip, String entryName, Source expected)
            throws DamagedFileException {
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
        return entry;
    }

    /** The full read-back: inflates the entry and compares size and CRC with the source. */
    private static void verifyInflated(Path zip, String entryName, Source expected) throws IOException {
        try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
            ZipArchiveEntry entry = checkedEntry(zf, zip, entryName, expected);
            Source actual;
            try (InputStream in = zf.getInputStream(entry)) {
                actual = checksum(in);
            }
            if (actual.size != expected.size || actual.crc != expected.crc) {
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
        return new Source(size, crc.getValue(), -1, -1, -1, -1, 0);
    }

    private record Source(long size, long crc, long compressedSize, long compressedCrc, int minLevel, int maxLevel,
            long syncNanos) {
    }
}

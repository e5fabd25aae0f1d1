package org.nsr.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.nsr.layout.FileStage;

/**
 * Opens one recording file as a {@link LineSource}: a {@code _json.zip} archive (exactly one
 * entry) or a plain {@code .json} / {@code .json.part} file. Lines stream through a fixed buffer;
 * nothing reads a whole file into memory.
 *
 * <p>Archives are read with the JDK's {@link ZipFile} (native inflate, the fastest reader
 * available here). It does not check the entry CRC itself, so when {@link Options#verifyCrc()} is
 * set the reader runs a CRC-32 over the inflated bytes and compares it, and the entry size, at the
 * end of the entry. By default a helper thread per open archive inflates a few blocks ahead of the
 * reader ({@link ReadAheadStream}). Any damage surfaces as a {@link DamagedFileException} whose kind says what it
 * is, whether it is found on open or half way through.
 *
 * <p>Thread-safe: the reader holds no state; each returned source belongs to one thread.
 */
public final class ArchiveReader {
    /** Suffix of a final archive; its single entry is the plain {@code .json} name. */
    public static final String ARCHIVE_SUFFIX = FileStage.ARCHIVED.suffix();

    private final Options options;

    /**
     * How to read.
     *
     * @param verifyCrc compare each archive's CRC-32 and size with its directory at the end
     * @param bufferBytes read buffer size; lines longer than it grow the buffer
     * @param maxLineBytes longest line accepted before the file counts as damaged
     * @param readAheadBlocks blocks inflated ahead on a helper thread (0: inflate on the reading thread);
     *     memory per open archive is this times {@link #READ_AHEAD_BLOCK_BYTES}
     */
    public record Options(boolean verifyCrc, int bufferBytes, int maxLineBytes, int readAheadBlocks) {
        public static final int DEFAULT_BUFFER_BYTES = 256 * 1024;
        public static final int DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;
        /** Blocks of {@value ArchiveReader#READ_AHEAD_BLOCK_BYTES} bytes inflated ahead per open archive. */
        public static final int DEFAULT_READ_AHEAD_BLOCKS = 4;

        public Options(boolean verifyCrc, int bufferBytes, int maxLineBytes) {
            this(verifyCrc, bufferBytes, maxLineBytes, DEFAULT_READ_AHEAD_BLOCKS);
        }

        public static Options defaults() {
            return new Options(false, DEFAULT_BUFFER_BYTES, DEFAULT_MAX_LINE_BYTES, DEFAULT_READ_AHEAD_BLOCKS);
        }

        public Options withVerifyCrc(boolean verify) {
            return new Options(verify, bufferBytes, maxLineBytes, readAheadBlocks);
        }

        /** 0 inflates on the reading thread; more uses one helper thread per open archive. */
        public Options withReadAheadBlocks(int blocks) {
            return new Options(verifyCrc, bufferBytes, maxLineBytes, blocks);
        }
    }

    /** Size of one read-ahead block. */
    public static final int READ_AHEAD_BLOCK_BYTES = 256 * 1024;

    public ArchiveReader(Options options) {
        this.options = options;
    }

    public ArchiveReader() {
        this(Options.defaults());
    }

    /** True when the name says the file is a zip archive (final or still being written). */
    public static boolean isArchive(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(FileStage.ARCHIVED.suffix()) || name.endsWith(FileStage.ARCHIVING.suffix());
    }

    /** The name and comment of an archive's single entry. */
    public record Entry(String name, String comment) {
    }

    /**
     * The single entry of an archive: its name (which must match the archive's own name) and its
     * comment, where the recorder keeps its {@link org.nsr.layout.FileFacts}; null for a plain file.
     */
    public static Entry entry(Path file) throws DamagedFileException {
        if (!isArchive(file)) {
            return null;
        }
        try (ZipFile zip = translate(file, () -> new ZipFile(file.toFile()))) {
            ZipEntry e = singleEntry(file, zip);
            return new Entry(e.getName(), e.getComment());
        } catch (IOException e) {
            throw e instanceof DamagedFileException d ? d
                    : new DamagedFileException(file, DamagedFileException.Kind.UNREADABLE, e.toString(), e);
        }
    }

    /** The comment of an archive's single entry; null for a plain file or an entry without one. */
    public static String entryComment(Path file) throws DamagedFileException {
        Entry e = entry(file);
        return e == null ? null : e.comment();
    }

    /**
     * Opens {@code file}.
     *
     * @throws DamagedFileException when the file cannot be opened or its archive is damaged
     */
    public LineSource open(Path file) throws DamagedFileException {
        return isArchive(file) ? openArchive(file) : openPlain(file);
    }

    private LineSource openPlain(Path file) throws DamagedFileException {
        InputStream in = translate(file, () -> Files.newInputStream(file));
        return new StreamLineSource(file, in, options.bufferBytes(), options.maxLineBytes(), () -> { });
    }

    private LineSource openArchive(Path file) throws DamagedFileException {
        ZipFile zip = translate(file, () -> new ZipFile(file.toFile()));
        try {
            ZipEntry entry = singleEntry(file, zip);
            InputStream raw = translate(file, () -> zip.getInputStream(entry));
            InputStream in = new ZipEntryStream(raw, zip);
            StreamLineSource.EndCheck atEnd = () -> { };
            if (options.verifyCrc()) {
                CrcStream crcIn = new CrcStream(in);
                in = crcIn;
                atEnd = () -> crcIn.check(file, entry);
            }
            if (options.readAheadBlocks() > 0) {
                InputStream inflating = in;
                // the CRC check runs on the helper thread at the end of the entry; its failure arrives in order
                in = new ReadAheadStream(inflating, atEnd, READ_AHEAD_BLOCK_BYTES, options.readAheadBlocks(),
                        file.getFileName().toString());
            }
            return new StreamLineSource(file, in, options.bufferBytes(), options.maxLineBytes(),
                    options.readAheadBlocks() > 0 ? () -> { } : atEnd);
        } catch (DamagedFileException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static ZipEntry singleEntry(Path file, ZipFile zip) throws DamagedFileException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        if (!entries.hasMoreElements()) {
            throw new DamagedFileException(file, DamagedFileException.Kind.NOT_SINGLE_ENTRY,
                    "the archive has no entry; expected exactly one", null);
        }
        ZipEntry entry = entries.nextElement();
        if (entries.hasMoreElements()) {
            throw new DamagedFileException(file, DamagedFileException.Kind.NOT_SINGLE_ENTRY,
                    "the archive has more than one entry; expected exactly one", null);
        }
        return entry;
    }

    /** An I/O step whose exceptions become {@link DamagedFileException}s naming the file. */
    interface IoStep<T> {
        T run() throws IOException;
    }

    static <T> T translate(Path file, IoStep<T> step) throws DamagedFileException {
        try {
            return step.run();
        } catch (DamagedFileException e) {
            throw e;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new DamagedFileException(file, DamagedFileException.Kind.UNREADABLE, e.toString(), e);
        } catch (EOFException e) {
            throw new DamagedFileException(file, DamagedFileException.Kind.TRUNCATED,
                    "unexpected end of data (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            String msg = String.valueOf(e.getMessage());
            boolean truncated = msg.contains("END header") || msg.contains("zip file is empty")
                    || msg.contains("unexpected EOF");
            throw new DamagedFileException(file,
                    truncated ? DamagedFileException.Kind.TRUNCATED : DamagedFileException.Kind.CORRUPT, msg, e);
        } catch (IOException e) {
            throw new DamagedFileException(file, DamagedFileException.Kind.UNREADABLE, e.toString(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // ZipFile reports some malformed headers this way
            throw new DamagedFileException(file, DamagedFileException.Kind.CORRUPT, e.toString(), e);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one reported
        }
    }

    /** The entry stream, closing its zip file with it. */
    private static final class ZipEntryStream extends InputStream {
        private final InputStream in;
        private final ZipFile zip;

        ZipEntryStream(InputStream in, ZipFile zip) {
            this.in = in;
            this.zip = zip;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                zip.close();
            }
        }
    }

    /** Runs CRC-32 over everything read and compares it with the entry's at the end. */
    private static final class CrcStream extends InputStream {
        private final InputStream in;
        private final CRC32 crc = new CRC32();
        private long size;

        CrcStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                crc.update(b);
                size++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                size += n;
            }
            return n;
        }

        void check(Path file, ZipEntry entry) throws DamagedFileException {
            if (entry.getSize() >= 0 && entry.getSize() != size) {
                throw new DamagedFileException(file, DamagedFileException.Kind.TRUNCATED,
                        "entry " + entry.getName() + " inflated to " + size + " bytes, its directory says "
                                + entry.getSize(), null);
            }
            if (entry.getCrc() >= 0 && entry.getCrc() != crc.getValue()) {
                throw new DamagedFileException(file, DamagedFileException.Kind.CRC_MISMATCH,
                        String.format("entry %s has CRC-32 %08x, its directory says %08x",
                                entry.getName(), crc.getValue(), entry.getCrc()), null);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

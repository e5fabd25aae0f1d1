package org.nsr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.config.ConfigException;
import org.nsr.replay.RecordingIndex;

/** Helpers shared by the recording commands. */
final class ReplayCli {
    private ReplayCli() {
    }

    /** A recording opened for reading: its files, and a reader that checks every archive's CRC. */
    record OpenRecording(RecordingIndex index, ArchiveReader reader) {
    }

    /** Lists the recording at {@code dirOrFile} and makes the reader replay, export and query share. */
    static OpenRecording open(Path dirOrFile) throws ConfigException {
        RecordingIndex index = RecordingIndex.scan(dirOrFile);
        ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true));
        probeSingleFile(dirOrFile, reader);
        return new OpenRecording(index, reader);
    }

    /**
     * When the user names one file instead of a directory, an archive that cannot be opened is bad
     * input (exit 2) rather than a damaged file to skip.
     */
    private static void probeSingleFile(Path dirOrFile, ArchiveReader reader) throws ConfigException {
        if (Files.isDirectory(dirOrFile)) {
            return;
        }
        try (LineSource ignored = reader.open(dirOrFile)) {
            // opened: its directory and entry are readable
        } catch (DamagedFileException e) {
            throw new ConfigException("DIR: cannot read " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new ConfigException("DIR: cannot read " + dirOrFile + " (" + e.getMessage() + ")");
        }
    }

    /**
     * The listing narrowed by the recording's {@code ip} index to the files that can hold flows of
     * {@code ip} in {@code range} (plus those not indexed yet); unchanged without a pinned IP or an index.
     */
    static RecordingIndex narrowByIndex(RecordingIndex index, Path dir, Integer ip, org.nsr.replay.TimeRange range)
            throws java.io.IOException {
        if (ip == null || !Files.isDirectory(dir)) {
            return index;
        }
        long to = range.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : range.toNanos() - 1;
        java.util.Set<String> names = org.nsr.index.IndexedFiles.forIp(dir, ip, range.fromNanos(), to);
        return names == null ? index
                : index.retain(f -> names.contains(org.nsr.index.RecordingFiles.nameOf(f.name())));
    }
}

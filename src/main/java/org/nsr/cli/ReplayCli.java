package org.nsr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        return narrowByIndex(index, dir, ip, org.nsr.filter.Filter.ALL, range);
    }

    /**
     * The listing narrowed by the {@code ip} index to the files that can hold a flow that both the
     * pinned {@code ip} (may be null) and {@code filter} accept: when the filter pins host addresses
     * ({@link org.nsr.filter.Filter#pinnedIps()}), the union of their files; both narrowings are
     * supersets of the matching files, so their intersection is too. A subnet pin narrows nothing
     * (the index keys exact addresses). Unchanged without a pin or an index.
     */
    static RecordingIndex narrowByIndex(RecordingIndex index, Path dir, Integer ip, org.nsr.filter.Filter filter,
            org.nsr.replay.TimeRange range) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return index;
        }
        long to = range.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : range.toNanos() - 1;
        RecordingIndex out = index;
        if (ip != null) {
            java.util.Set<String> names = org.nsr.index.IndexedFiles.forIp(dir, ip, range.fromNanos(), to);
            if (names != null) {
                out = out.retain(f -> names.contains(org.nsr.index.RecordingFiles.nameOf(f.name())));
            }
        }
        java.util.List<org.nsr.filter.IpPin> pins = filter.pinnedIps().orElse(java.util.List.of());
        if (!pins.isEmpty() && pins.stream().allMatch(org.nsr.filter.IpPin::isHost)) {
            java.util.Set<String> union = new java.util.HashSet<>();
            for (org.nsr.filter.IpPin pin : pins) {
                java.util.Set<String> names = org.nsr.index.IndexedFiles.forIp(dir, pin.network(), range.fromNanos(), to);
                if (names == null) {
                    return out; // no ip index
                }
                union.addAll(names);
            }
            out = out.retain(f -> union.contains(org.nsr.index.RecordingFiles.nameOf(f.name())));
        }
        return keepEverySource(index, out);
    }

    /**
     * A source the index narrowed to no files keeps its first: {@code --source} then still names a
     * known source, and one more file read changes no answer (the filter still applies to its records).
     */
    private static RecordingIndex keepEverySource(RecordingIndex all, RecordingIndex narrowed) {
        java.util.Set<Path> keep = new java.util.HashSet<>();
        for (String source : all.sources()) {
            List<org.nsr.replay.RecordingFile> files = narrowed.files(source);
            files.forEach(f -> keep.add(f.path()));
            if (files.isEmpty() && !all.files(source).isEmpty()) {
                keep.add(all.files(source).get(0).path());
            }
        }
        return all.retain(f -> keep.contains(f.path()));
    }
}

package org.nsr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.config.ConfigException;

/** Helpers shared by the recording commands. */
final class ReplayCli {
    private ReplayCli() {
    }

    /**
     * When the user names one file instead of a directory, an archive that cannot be opened is bad
     * input (exit 2) rather than a damaged file to skip.
     */
    static void probeSingleFile(Path dirOrFile, ArchiveReader reader) throws ConfigException {
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
}

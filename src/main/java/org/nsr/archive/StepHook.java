package org.nsr.archive;

import java.io.IOException;

/**
 * Called after each step of archiving and of recovery that changes what is on disk, so a test can
 * stop there the way a crash would (by throwing). Production code passes {@link #NONE}.
 */
interface StepHook {
    /** Production: nothing happens between steps. */
    StepHook NONE = step -> { };

    /** The steps, in the order archiving and then recovery take them. */
    enum Step {
        /** Archiving: the {@code _json.zip.part} holds every byte, not yet fsynced. */
        ZIP_PART_WRITTEN,
        ZIP_PART_SYNCED,
        /** Read back and checked against the {@code .json}. */
        ZIP_PART_VERIFIED,
        /** Renamed to {@code _json.zip}; the directory entry is not yet synced. */
        ZIP_RENAMED,
        DIRECTORY_SYNCED,
        JSON_DELETED,
        FACTS_DELETED,
        /** Recovery: an unfinished archive deleted. */
        UNFINISHED_ARCHIVE_DELETED,
        /** Recovery: a {@code .json.part} cut back to its last line and published (or deleted if empty). */
        PART_SETTLED,
        /** Recovery: an archive that does not match its {@code .json} moved aside. */
        MISMATCH_MOVED_ASIDE,
        /** Recovery: the {@code .json} of a verified archive deleted. */
        ARCHIVED_JSON_DELETED,
        /** Recovery: a side file whose data file is gone deleted. */
        STALE_FACTS_DELETED
    }

    void after(Step step) throws IOException;
}

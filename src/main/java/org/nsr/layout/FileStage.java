package org.nsr.layout;

/** The stages a recording file goes through, each with its own name suffix. */
public enum FileStage {
    /** Being written by a writer: {@code <stamp>_<source>.json.part}. */
    WRITING(".json.part"),
    /** Complete and published, waiting for compression: {@code <stamp>_<source>.json}. */
    COMPLETE(".json"),
    /** Archive being written by the compression pool: {@code <stamp>_<source>_json.zip.part}. */
    ARCHIVING("_json.zip.part"),
    /** Archived, verified and final: {@code <stamp>_<source>_json.zip}. */
    ARCHIVED("_json.zip");

    private final String suffix;

    FileStage(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}

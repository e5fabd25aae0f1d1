package org.nsr.layout;

import java.io.IOException;
import java.nio.file.Path;

/** A recording manifest that exists but cannot be used: not JSON, a field missing or wrong, or a newer format. */
public final class ManifestException extends IOException {
    private final boolean newerFormat;

    ManifestException(Path file, String problem, boolean newerFormat, Throwable cause) {
        super(file + ": " + problem, cause);
        this.newerFormat = newerFormat;
    }

    /** True when the manifest is well formed but written by a newer NSR in a format this one does not know. */
    public boolean newerFormat() {
        return newerFormat;
    }
}

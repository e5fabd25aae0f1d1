package org.nsr.replay.columns;

/** A column sidecar that cannot be used (damaged, truncated, or built for another archive): read the archive. */
public final class DamagedColumnsException extends Exception {
    private static final long serialVersionUID = 1L;

    public DamagedColumnsException(String message) {
        super(message);
    }
}

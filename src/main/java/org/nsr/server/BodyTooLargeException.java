package org.nsr.server;

import java.io.IOException;

/** A request body over the server's limit; propagated out of a handler it becomes a 413. */
public final class BodyTooLargeException extends IOException {
    private final long limit;

    public BodyTooLargeException(long limit, String detail) {
        super("request body is larger than " + limit + " bytes (" + detail + ")");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}

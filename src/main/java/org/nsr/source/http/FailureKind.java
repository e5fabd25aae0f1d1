package org.nsr.source.http;

import java.util.Locale;

/** Why a poll produced no record. The lower-case name is the {@code kind} label and the error line's kind. */
public enum FailureKind {
    /** The server answered with a status outside 2xx. */
    HTTP_STATUS,
    /** Connect, read or whole-call timeout. */
    TIMEOUT,
    /** Connection refused or reset, unknown host, or another transport failure. */
    CONNECT,
    /** The body is not one complete JSON value (or not an object where {@code wrap: merge} needs one). */
    MALFORMED_JSON,
    /** The body is larger than {@code max_body_bytes}. */
    TOO_LARGE,
    /** The response declares a content type that is not JSON. */
    CONTENT_TYPE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

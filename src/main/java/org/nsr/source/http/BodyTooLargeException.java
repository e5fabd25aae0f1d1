package org.nsr.source.http;

import java.io.IOException;

/** A response body went past {@code max_body_bytes}; reading stops at the limit. */
final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long limit) {
        super("body exceeds max_body_bytes " + limit);
    }
}

package org.nsr.source.http;

/**
 * One failed poll: its kind, a message naming what was wrong, the HTTP status when there was
 * one, and the underlying exception (for the log), if any.
 */
record PollFailure(FailureKind kind, String message, Integer status, Throwable cause) {
}

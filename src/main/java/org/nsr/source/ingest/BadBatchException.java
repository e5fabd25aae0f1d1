package org.nsr.source.ingest;

/** A POST body that is refused as a whole (400): the message names the record, the field and the value. */
final class BadBatchException extends Exception {
    BadBatchException(String message) {
        super(message, null, false, false);
    }
}

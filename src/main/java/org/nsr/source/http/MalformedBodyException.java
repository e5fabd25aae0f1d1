package org.nsr.source.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.ContentReference;

/** A body the fast compactor rejected; reported like Jackson's parse errors (message and byte offset). */
final class MalformedBodyException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String message, long byteOffset) {
        super(message, new JsonLocation(ContentReference.unknown(), byteOffset, -1L, -1, -1));
    }
}

package org.nsr.record.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.ContentReference;

/** JSON the fast compactor rejected; reported like Jackson's parse errors (message and byte offset). */
public final class MalformedJsonException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message, long byteOffset) {
        super(message, new JsonLocation(ContentReference.unknown(), byteOffset, -1L, -1, -1));
    }
}

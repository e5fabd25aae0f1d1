package org.nsr.source.gen;

/** A generator thread failed; the run cannot produce its complete output. */
public final class GenerationException extends RuntimeException {
    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}

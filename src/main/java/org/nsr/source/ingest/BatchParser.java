package org.nsr.source.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.io.InputStream;
import org.nsr.record.codec.LineKeys;

/**
 * Reads one POST body into an {@link IngestBatch} with Jackson's streaming parser: no tree of the
 * body is built, and the parse stops at the first fault, naming it:
 * {@code records[17].bytes_tx: -5 is negative}.
 *
 * <p>Accepted records: {@code src_app}, {@code dest_app}, {@code vpc_id} (strings of 1 to
 * {@value #MAX_NAME_CHARS} characters), {@code bytes_tx}, {@code bytes_rx} (integers from 0 to
 * 2^63-1), {@code hour} (integer 0..23) and optionally {@code time} (see {@link HourRule}); at
 * least one of {@code hour} and {@code time}. Any other field, a repeated field, a wrong type or
 * a nested value refuses the request. Strings longer than {@value #MAX_STRING_CHARS} characters and
 * nesting deeper than {@value #MAX_DEPTH} are refused by the parser's own limits before they are
 * held, so a huge string or 100,000 nested arrays cost no memory.
 *
 * <p>Not thread-safe: one per request (they are cheap; the factory is shared).
 */
final class BatchParser {
    static final int MAX_NAME_CHARS = 1024;
    static final int MAX_STRING_CHARS = 64 * 1024;
    static final int MAX_DEPTH = 8;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS).maxNumberLength(64).build())
            .build();
    private static final String FIELDS = "src_app, dest_app, vpc_id, bytes_tx, bytes_rx, hour, time";

    private final long nowMillis;
    private final NamePool names;
    private int index;

    BatchParser(long nowMillis, NamePool names) {
        this.nowMillis = nowMillis;
        this.names = names;
    }

    /**
     * @param ndjson true for one record object per line; false for one JSON array
     * @throws BadBatchException for any fault of the body (400)
     * @throws IOException when reading fails, including {@code BodyTooLargeException} (413)
     */
    IngestBatch parse(InputStream body, boolean ndjson) throws BadBatchException, IOException {
        IngestBatch batch = new IngestBatch(nowMillis);
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new BadBatchException("body is empty; expected " + (ndjson ? "one JSON object per line"
                        : "a JSON array of records"));
            }
            if (!ndjson) {
                if (t != JsonToken.START_ARRAY) {
                    throw new BadBatchException("body: " + describe(p) + " is not an array; expected a JSON array "
                            + "of records (or Content-Type: application/x-ndjson)");
                }
                t = p.nextToken();
            }
            while (t != null && t != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new BadBatchException(at() + ": " + describe(p) + " is not an object; expected a record {"
                            + FIELDS + "}");
                }
                readRecord(p, batch);
                index++;
                t = p.nextToken();
            }
            if (!ndjson) {
                if (t == null) {
                    throw new BadBatchException("body: the array is not closed after " + index + " record(s)");
                }
                if (p.nextToken() != null) {
                    throw new BadBatchException("body: unexpected " + describe(p) + " after the array; expected the end");
                }
            } else if (t == JsonToken.END_ARRAY) {
                throw new BadBatchException(at() + ": ']' is not an object; expected one record object per line");
            }
        } catch (JsonProcessingException e) {
            throw new BadBatchException(at() + ": malformed JSON at byte " + byteOffset(e) + ": "
                    + e.getOriginalMessage());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BadBatchException("body: Content-Encoding gzip but the body is not valid gzip: " + e.getMessage());
        }
        return batch;
    }

    private void readRecord(JsonParser p, IngestBatch batch) throws IOException, BadBatchException {
        String src = null;
        String dst = null;
        String vpc = null;
        long tx = -1;
        long rx = -1;
        int hour = -1;
        long time = Long.MIN_VALUE;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case LineKeys.SRC_APP -> src = name(p, key, src);
                case LineKeys.DEST_APP -> dst = name(p, key, dst);
                case LineKeys.VPC_ID -> vpc = name(p, key, vpc);
                case LineKeys.BYTES_TX -> tx = count(p, key, tx);
                case LineKeys.BYTES_RX -> rx = count(p, key, rx);
                case LineKeys.HOUR -> {
                    once(key, hour != -1);
                    long h = integer(p, key);
                    if (h < 0 || h > 23) {
                        throw new BadBatchException(at() + "." + key + ": " + h + " is outside 0..23");
                    }
                    hour = (int) h;
                }
                case LineKeys.TIME -> {
                    once(key, time != Long.MIN_VALUE);
                    time = time(p, key);
                }
                default -> throw new BadBatchException(at() + "." + key + ": unknown field; expected " + FIELDS);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new BadBatchException(at() + ": the record is not closed");
        }
        missing(LineKeys.SRC_APP, src == null);
        missing(LineKeys.DEST_APP, dst == null);
        missing(LineKeys.VPC_ID, vpc == null);
        missing(LineKeys.BYTES_TX, tx < 0);
        missing(LineKeys.BYTES_RX, rx < 0);
        long hourStart;
        if (time != Long.MIN_VALUE) {
            hourStart = HourRule.hourStart(time);
            if (hour >= 0 && HourRule.hourOfDay(hourStart) != hour) {
                throw new BadBatchException(at() + ".hour: " + hour + " is not the UTC hour of time " + time
                        + " (" + HourRule.hourOfDay(hourStart) + "); expected them to agree, or only one of them");
            }
        } else if (hour >= 0) {
            hourStart = HourRule.latest(hour, nowMillis);
        } else {
            throw new BadBatchException(at() + ": missing hour; expected hour (0..23) or time");
        }
        batch.add(src, dst, vpc, tx, rx, hourStart);
    }

    private String name(JsonParser p, String key, String previous) throws IOException, BadBatchException {
        once(key, previous != null);
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BadBatchException(at() + "." + key + ": " + describe(p) + " is not a string; expected a name");
        }
        int length = p.getTextLength();
        if (length == 0) {
            throw new BadBatchException(at() + "." + key + ": \"\" is empty; expected a name");
        }
        if (length > MAX_NAME_CHARS) {
            throw new BadBatchException(at() + "." + key + ": a name of " + length + " characters is too long; "
                    + "expected at most " + MAX_NAME_CHARS);
        }
        // from the parser's own buffer: a name seen before costs no new string
        return names.intern(p.getTextCharacters(), p.getTextOffset(), length);
    }

    private long count(JsonParser p, String key, long previous) throws IOException, BadBatchException {
        once(key, previous >= 0);
        long v = integer(p, key);
        if (v < 0) {
            throw new BadBatchException(at() + "." + key + ": " + v + " is negative");
        }
        return v;
    }

    private long integer(JsonParser p, String key) throws IOException, BadBatchException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new BadBatchException(at() + "." + key + ": " + describe(p) + " is not an integer");
        }
        try {
            return p.getLongValue();
        } catch (InputCoercionException e) {
            throw new BadBatchException(at() + "." + key + ": " + p.getText() + " is out of range; expected at most "
                    + Long.MAX_VALUE);
        }
    }

    private long time(JsonParser p, String key) throws IOException, BadBatchException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            long v = integer(p, key);
            if (v < 0) {
                throw new BadBatchException(at() + "." + key + ": " + v + " is negative; expected epoch milliseconds");
            }
            return v;
        }
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            try {
                return HourRule.parseTime(p.getText());
            } catch (IllegalArgumentException e) {
                throw new BadBatchException(at() + "." + key + ": " + e.getMessage());
            }
        }
        throw new BadBatchException(at() + "." + key + ": " + describe(p)
                + " is not a time; expected epoch milliseconds or an ISO-8601 string");
    }

    private void once(String key, boolean seen) throws BadBatchException {
        if (seen) {
            throw new BadBatchException(at() + "." + key + ": appears twice; expected each field once");
        }
    }

    private void missing(String key, boolean absent) throws BadBatchException {
        if (absent) {
            throw new BadBatchException(at() + ": missing " + key);
        }
    }

    private String at() {
        return "records[" + index + "]";
    }

    /** The current value as a message shows it, short. */
    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> {
                String s = p.getText();
                yield "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
            }
            case VALUE_NULL -> "null";
            default -> p.getText();
        };
    }

    private static long byteOffset(JsonProcessingException e) {
        return e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    }
}

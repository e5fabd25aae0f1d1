package org.nsr.source.http;

import java.time.Duration;
import java.util.Map;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;

/**
 * One validated {@code type: http} source entry. Immutable.
 *
 * @param url the absolute URL polled with GET
 * @param interval tick spacing; ticks align to multiples of it on the wall clock
 * @param jitter maximum random delay added to each tick (0 = none)
 * @param connectTimeout limit on establishing the TCP (and TLS) connection
 * @param readTimeout limit on any single wait for response bytes
 * @param callTimeout limit on the whole call, connect to last body byte
 * @param maxBodyBytes a larger body is refused as {@code too_large}
 * @param headers extra request headers
 * @param wrap how the body becomes the record line
 * @param field the wrapper key when {@code wrap} is {@link BodyWrap#FIELD}
 * @param recordErrors whether a failed poll also writes an error line
 */
public record HttpSourceSpec(String name, String url, Duration interval, Duration jitter, Duration connectTimeout,
        Duration readTimeout, Duration callTimeout, long maxBodyBytes, Map<String, String> headers, BodyWrap wrap,
        String field, boolean recordErrors) implements SourceSpec {

    public HttpSourceSpec {
        headers = Map.copyOf(headers);
    }

    @Override
    public String type() {
        return HttpSourceType.TYPE;
    }

    /** Poll records can each be as large as max_body_bytes, so HTTP queues default small. */
    @Override
    public int preferredQueueCapacity() {
        return 64;
    }

    @Override
    public Source create(SourceContext context) {
        return new HttpSource(this, SharedHttpClient.get(), context);
    }
}

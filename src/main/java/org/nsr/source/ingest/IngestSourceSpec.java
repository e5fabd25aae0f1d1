package org.nsr.source.ingest;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;

/**
 * One validated {@code type: ingest} source entry. Immutable.
 *
 * @param listen where the API binds (loopback unless a token is set)
 * @param token bearer token every request must present, or null
 * @param maxBodyBytes largest body accepted, as sent and after gzip inflation; larger is 413
 * @param ack when a POST is answered
 * @param maxWait how long a POST waits for room in a full queue before 503
 * @param ackTimeout how long a POST waits for its records to be durable before 202 "not yet durable"
 * @param threads handler threads (concurrent requests)
 * @param maxConnections open connections
 * @param hoursInMemory hours of sums kept in memory, the newest
 * @param maxRangeHours longest {@code from..to} range a GET may ask for
 */
public record IngestSourceSpec(String name, InetSocketAddress listen, String token, long maxBodyBytes, AckMode ack,
        Duration maxWait, Duration ackTimeout, int threads, int maxConnections, int hoursInMemory, int maxRangeHours)
        implements SourceSpec {

    @Override
    public String type() {
        return IngestSourceType.TYPE;
    }

    /** A batch is one queued record of up to max_body_bytes; the queue's byte bound matters more. */
    @Override
    public int preferredQueueCapacity() {
        return 256;
    }

    @Override
    public Source create(SourceContext context) {
        return new IngestSource(this, context);
    }
}

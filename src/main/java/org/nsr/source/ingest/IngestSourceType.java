package org.nsr.source.ingest;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.ListenerSettings;
import org.nsr.config.RecorderDefaults;
import org.nsr.source.SourceSpec;
import org.nsr.source.SourceType;

/**
 * {@code type: ingest}: the Flow Aggregation Service's API as a push source. Keys:
 *
 * <pre>
 * - name: flows_push
 *   type: ingest
 *   listen: 127.0.0.1:8080      # default; a non-loopback address needs token (else exit 2)
 *   token: "..."                # bearer token, at least 16 characters; none by default
 *   max_body_bytes: 16MiB       # default 16MiB, as sent and after gzip; larger bodies get 413
 *   ack: durable                # durable (default): 200 once fsynced; accepted: once queued
 *   max_wait: 5s                # a full queue for longer answers 503 with Retry-After
 *   ack_timeout: 30s            # not durable by then: 202 {"accepted":N,"durable":false}
 *   threads: 16                 # handler threads; max_connections: 256
 *   aggregate: {hours_in_memory: 48, max_range_hours: 744}
 * </pre>
 */
public final class IngestSourceType implements SourceType {
    public static final String TYPE = "ingest";

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException {
        ListenerSettings listener = ListenerSettings.read(node, node.path(), "127.0.0.1:8080");
        if (listener.off()) {
            throw new ConfigException(node.pathOf("listen") + ": 'off' leaves the push source nothing to do; "
                    + "expected host:port such as 127.0.0.1:8080");
        }
        long maxBody = node.byteSize("max_body_bytes", 16L << 20, 2, 1L << 30);
        String ack = node.oneOf("ack", AckMode.DURABLE.configName(), AckMode.DURABLE.configName(),
                AckMode.ACCEPTED.configName());
        Duration maxWait = node.duration("max_wait", Duration.ofSeconds(5), ChronoUnit.SECONDS, Duration.ZERO,
                Duration.ofMinutes(10));
        Duration ackTimeout = node.duration("ack_timeout", Duration.ofSeconds(30), ChronoUnit.SECONDS,
                Duration.ofMillis(1), Duration.ofMinutes(10));
        int threads = node.intValue("threads", 16, 1, 512);
        int connections = node.intValue("max_connections", 256, 1, 65_536);
        ConfigNode aggregate = node.child("aggregate");
        int hours = 48;
        int rangeHours = 744;
        if (aggregate != null) {
            hours = aggregate.intValue("hours_in_memory", hours, 1, 100_000);
            rangeHours = aggregate.intValue("max_range_hours", rangeHours, 1, 1_000_000);
            aggregate.rejectUnknownKeys();
        }
        node.rejectUnknownKeys();
        return new IngestSourceSpec(name, listener.listen(), listener.token(), maxBody,
                AckMode.valueOf(ack.toUpperCase(java.util.Locale.ROOT)), maxWait, ackTimeout, threads, connections,
                hours, rangeHours);
    }
}

package org.nsr.sink.kafka;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.SinkDefinition;
import org.nsr.config.SinkTypeParser;

/**
 * {@code type: kafka} in {@code Recorder.data.sinks}: publishes every record of its sources to a
 * topic, beside the file writer and without ever holding it up. Keys:
 * <ul>
 *   <li>{@code bootstrap} the brokers, {@code host:port[,host:port…]} (required);</li>
 *   <li>{@code topic} default {@code nsr.{source}};</li>
 *   <li>{@code key} {@code flow} (the connection of the line's first flow), {@code source} or {@code none}; default flow;</li>
 *   <li>{@code acks} {@code all}, {@code 1} or {@code 0}; default all;</li>
 *   <li>{@code idempotence} default true; it needs {@code acks: all}, retries and at most 5 requests in flight,
 *   and a conflicting {@code producer:} setting is refused here rather than silently turning it off;</li>
 *   <li>{@code linger} (default 5ms), {@code batch_size} (default 256KiB), {@code compression} lz4, zstd or none (default lz4);</li>
 *   <li>{@code buffer} records waiting for the producer before drops (default 10000), {@code buffer_memory}
 *   the producer's own bytes (default 32MiB), {@code max_block} how long one send may wait for metadata or room
 *   (default 500ms);</li>
 *   <li>{@code delivery_timeout} (default 30s), {@code stop_timeout} the flush at stop (default 10s);</li>
 *   <li>{@code producer} further producer properties by their Kafka names.</li>
 * </ul>
 */
public final class KafkaSinkType implements SinkTypeParser {
    public static final String NAME = "kafka";

    /** Properties this type sets itself: {@code producer:} may not. */
    private static final Set<String> OWNED = Set.of("bootstrap.servers", "acks", "enable.idempotence", "linger.ms",
            "batch.size", "compression.type", "buffer.memory", "max.block.ms", "delivery.timeout.ms",
            "key.serializer", "value.serializer", "transactional.id");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SinkDefinition parse(String name, List<String> sources, ConfigNode node) throws ConfigException {
        String bootstrap = node.string("bootstrap");
        if (bootstrap.isBlank() || !bootstrap.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
            throw new ConfigException(node.pathOf("bootstrap") + ": '" + bootstrap
                    + "' is not a broker list; expected host:port[,host:port...]");
        }
        String topic = node.string("topic", "nsr.{source}");
        if (!topic.replace("{source}", "x").matches("[A-Za-z0-9._-]{1,200}")) {
            throw new ConfigException(node.pathOf("topic") + ": '" + topic + "' is not a topic name; expected "
                    + "letters, digits, '.', '_' or '-', where {source} stands for the source's name");
        }
        RecordKey key = RecordKey.valueOf(node.oneOf("key", "flow", "flow", "source", "none")
                .toUpperCase(java.util.Locale.ROOT));
        String acks = node.oneOf("acks", "all", "all", "1", "0", "-1");
        if (acks.equals("-1")) {
            acks = "all";
        }
        boolean idempotence = node.bool("idempotence", true);
        Duration linger = node.duration("linger", Duration.ofMillis(5), ChronoUnit.MILLIS, Duration.ZERO,
                Duration.ofMinutes(1));
        int batchSize = (int) node.byteSize("batch_size", 256 << 10, 1 << 10, 16 << 20);
        String compression = node.oneOf("compression", "lz4", "lz4", "zstd", "none");
        int buffer = node.intValue("buffer", 10_000, 1, 10_000_000);
        long bufferMemory = node.byteSize("buffer_memory", 32L << 20, 1 << 20, 4L << 30);
        Duration maxBlock = node.duration("max_block", Duration.ofMillis(500), ChronoUnit.MILLIS, Duration.ZERO,
                Duration.ofMinutes(1));
        Duration delivery = node.duration("delivery_timeout", Duration.ofSeconds(30), ChronoUnit.SECONDS,
                Duration.ofSeconds(1), Duration.ofHours(1));
        if (delivery.compareTo(linger.plusSeconds(1)) < 0) {
            throw new ConfigException(node.pathOf("delivery_timeout") + ": must be at least linger + 1s; expected "
                    + "more than " + linger.plusSeconds(1).toMillis() + "ms");
        }
        Duration stop = node.duration("stop_timeout", Duration.ofSeconds(10), ChronoUnit.SECONDS, Duration.ZERO,
                Duration.ofMinutes(10));
        Map<String, String> extra = node.stringMap("producer");
        for (String k : extra.keySet()) {
            if (OWNED.contains(k)) {
                throw new ConfigException(node.pathOf("producer") + "." + k + ": is set by the sink itself; "
                        + "expected it out of 'producer:' (use the sink's own keys)");
            }
        }
        if (idempotence) {
            checkIdempotence(node, acks, extra);
        }
        node.rejectUnknownKeys();
        return new KafkaSinkSpec(name, sources, bootstrap, topic, key, acks, idempotence, linger, batchSize,
                compression, bufferMemory, buffer, maxBlock, delivery, stop, extra);
    }

    /** The settings with which Kafka would drop idempotence without a word (KIP-679): refused instead. */
    private static void checkIdempotence(ConfigNode node, String acks, Map<String, String> extra)
            throws ConfigException {
        if (!acks.equals("all")) {
            throw new ConfigException(node.pathOf("acks") + ": '" + acks + "' conflicts with idempotence: true; "
                    + "expected acks: all, or idempotence: false");
        }
        String inFlight = extra.get("max.in.flight.requests.per.connection");
        if (inFlight != null && !(isInt(inFlight) && Integer.parseInt(inFlight) >= 1 && Integer.parseInt(inFlight) <= 5)) {
            throw new ConfigException(node.pathOf("producer") + ".max.in.flight.requests.per.connection: '" + inFlight
                    + "' conflicts with idempotence: true; expected 1 to 5, or idempotence: false");
        }
        String retries = extra.get("retries");
        if (retries != null && !(isInt(retries) && Integer.parseInt(retries) > 0)) {
            throw new ConfigException(node.pathOf("producer") + ".retries: '" + retries
                    + "' conflicts with idempotence: true; expected more than 0, or idempotence: false");
        }
    }

    private static boolean isInt(String s) {
        return s.matches("\\d{1,9}");
    }
}

package org.nsr.source.kafka;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.source.SourceSpec;
import org.nsr.source.SourceType;

/**
 * {@code type: kafka}: topics read as a consumer group, each record's offset committed only once
 * the record is archived. Keys: {@code bootstrap} (required, host:port[,…]), {@code topics}
 * (required, a list), {@code group} (nsr-recorders), {@code client_id} (the host name),
 * {@code start} (earliest or latest: where a group without commits begins; earliest),
 * {@code max_poll_records} (2000), {@code poll_timeout} (200ms), {@code max_unacked} (2000000),
 * {@code commit_interval} (1s), {@code revoke_timeout} (30s), {@code seal_every} (0: off) and
 * {@code consumer} (further consumer properties by their Kafka names).
 */
public final class KafkaSourceType implements SourceType {
    public static final String NAME = "kafka";

    /** Properties this type sets itself: {@code consumer:} may not. */
    private static final Set<String> OWNED = Set.of("bootstrap.servers", "group.id", "client.id",
            "enable.auto.commit", "auto.offset.reset", "max.poll.records", "key.deserializer",
            "value.deserializer", "group.instance.id");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException {
        String bootstrap = node.string("bootstrap");
        if (!bootstrap.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
            throw new ConfigException(node.pathOf("bootstrap") + ": '" + bootstrap
                    + "' is not a broker list; expected host:port[,host:port...]");
        }
        List<String> topics = node.strings("topics");
        if (topics.isEmpty()) {
            throw new ConfigException(node.pathOf("topics") + ": the list is empty; expected at least one topic");
        }
        for (String t : topics) {
            if (!t.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new ConfigException(node.pathOf("topics") + ": '" + t + "' is not a topic name; expected "
                        + "letters, digits, '.', '_' or '-'");
            }
        }
        String group = node.string("group", "nsr-recorders");
        String clientId = node.string("client_id", hostName());
        String start = node.oneOf("start", "earliest", "earliest", "latest");
        int maxPoll = node.intValue("max_poll_records", 2000, 1, 100_000);
        Duration poll = node.duration("poll_timeout", Duration.ofMillis(200), ChronoUnit.MILLIS,
                Duration.ofMillis(1), Duration.ofSeconds(10));
        int maxUnacked = node.intValue("max_unacked", 2_000_000, 1, 100_000_000);
        Duration commit = node.duration("commit_interval", Duration.ofSeconds(1), ChronoUnit.SECONDS,
                Duration.ofMillis(10), Duration.ofMinutes(10));
        Duration revoke = node.duration("revoke_timeout", Duration.ofSeconds(30), ChronoUnit.SECONDS,
                Duration.ZERO, Duration.ofMinutes(10));
        Duration sealEvery = node.duration("seal_every", Duration.ZERO, ChronoUnit.SECONDS, Duration.ZERO,
                Duration.ofDays(1));
        Map<String, String> consumer = node.stringMap("consumer");
        for (String k : consumer.keySet()) {
            if (OWNED.contains(k)) {
                throw new ConfigException(node.pathOf("consumer") + ": '" + k + "' is set by the source itself; "
                        + "expected other consumer properties (use bootstrap, group, client_id, start or "
                        + "max_poll_records for these)");
            }
        }
        node.rejectUnknownKeys();
        return new KafkaSourceSpec(name, bootstrap, List.copyOf(topics), group, clientId, start, maxPoll, poll,
                maxUnacked, commit, revoke, sealEvery, Map.copyOf(consumer));
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "nsr";
        }
    }
}

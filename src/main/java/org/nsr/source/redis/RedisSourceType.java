package org.nsr.source.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.redis.RedisTarget;
import org.nsr.source.SourceSpec;
import org.nsr.source.SourceType;

/**
 * {@code type: redis}: a Redis stream read as a consumer group, each entry acknowledged only once
 * its record is archived. Keys: {@code host} (127.0.0.1), {@code port} (6379), {@code password},
 * {@code tls}, {@code stream} (required), {@code group} (nsr), {@code consumer} (the host name;
 * {@code ${HOSTNAME}} is replaced by it), {@code start} ("0" or "$", default "0"), {@code batch}
 * (entries per read, 1000), {@code block} (1s), {@code claim_idle} (60s), {@code max_unacked} (2000000).
 */
public final class RedisSourceType implements SourceType {
    public static final String NAME = "redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException {
        var endpoint = RedisTarget.endpoint(node);
        String stream = node.string("stream");
        String group = node.string("group", "nsr");
        String consumer = node.string("consumer", "${HOSTNAME}").replace("${HOSTNAME}", hostName());
        String start = node.string("start", "0");
        if (!start.equals("$") && !start.matches("\\d+(-\\d+)?")) {
            throw new ConfigException(node.pathOf("start") + ": '" + start
                    + "' is not a stream position; expected \"0\" (the whole stream), \"$\" (new entries) or an ID");
        }
        int batch = node.intValue("batch", 1000, 1, 100_000);
        Duration block = node.duration("block", Duration.ofSeconds(1), ChronoUnit.MILLIS, Duration.ofMillis(1),
                Duration.ofMinutes(1));
        Duration claimIdle = node.duration("claim_idle", Duration.ofSeconds(60), ChronoUnit.SECONDS,
                Duration.ZERO, Duration.ofDays(7));
        int maxUnacked = node.intValue("max_unacked", 2_000_000, 1, 100_000_000);
        node.rejectUnknownKeys();
        return new RedisSourceSpec(name, endpoint, stream, group, consumer, start, batch, block, claimIdle,
                maxUnacked);
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

package org.nsr.produce;

import java.nio.file.Path;
import java.time.Duration;
import org.nsr.redis.RedisEndpoint;

/**
 * What {@code nsr produce} was asked to do, validated by the command line. Immutable.
 *
 * @param records rows to send, 0 for all
 * @param delay pause after each record; zero sends in pipelined batches of {@code batch}
 * @param maxLen approximate stream bound ({@code MAXLEN ~}), 0 for none
 * @param retryFor how long a Redis outage is retried before the run fails
 */
public record ProduceSettings(Path csv, RedisEndpoint redis, String stream, long records, Duration delay,
        long maxLen, int batch, Duration retryFor) {
}

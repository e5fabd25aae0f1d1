package org.nsr.source.redis;

import java.time.Duration;
import org.nsr.redis.RedisEndpoint;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;

/**
 * A validated {@code type: redis} entry.
 *
 * @param start where a new group starts: "0" (the whole stream) or "$" (new entries only)
 * @param claimIdle entries another consumer left pending this long are claimed at start
 * @param maxUnacked entries handed on and waiting for the archive; the source waits when this many do
 */
public record RedisSourceSpec(String name, RedisEndpoint endpoint, String stream, String group, String consumer,
        String start, int batch, Duration block, Duration claimIdle, int maxUnacked) implements SourceSpec {

    @Override
    public String type() {
        return RedisSourceType.NAME;
    }

    @Override
    public Source create(SourceContext context) {
        return new RedisSource(this, context);
    }
}

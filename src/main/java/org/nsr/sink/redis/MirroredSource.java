package org.nsr.sink.redis;

import org.nsr.redis.RedisTarget;

/** A source entry that may ask for its records to be mirrored into a Redis stream ({@code redis_sink:}). */
public interface MirroredSource {
    /** The stream to mirror into, or null. */
    RedisTarget redisSink();
}

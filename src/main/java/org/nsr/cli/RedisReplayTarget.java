package org.nsr.cli;

import org.nsr.config.ConfigException;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.redis.RedisEndpoint;
import org.nsr.replay.sink.RedisStreamSink;

/** Reads {@code replay --redis HOST:PORT} and opens the stream sink; an unreachable Redis exits 1. */
final class RedisReplayTarget {
    private RedisReplayTarget() {
    }

    static RedisStreamSink open(String hostPort, String stream, Ticker ticker, StopSignal stop) throws Exception {
        int colon = hostPort.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            throw new ConfigException("--redis: '" + hostPort + "' is not HOST:PORT; expected e.g. 127.0.0.1:6379");
        }
        if (stream == null || stream.isBlank()) {
            throw new ConfigException("--stream: empty; expected a stream key");
        }
        // an unreachable Redis: RedisUnavailableException, one line and exit 1 (CommandErrors)
        return new RedisStreamSink(new RedisEndpoint(hostPort.substring(0, colon), port), stream, 0, ticker, stop);
    }
}

package org.nsr.tools.push;

import java.net.URI;

/**
 * What {@code nsr push} sends. Immutable.
 *
 * @param base the ingest API, e.g. {@code http://127.0.0.1:8080}
 * @param clients concurrent posting clients
 * @param inFlight POSTs each client keeps in flight (one connection and thread per POST in flight);
 *     1 = a client waits for each answer before it sends the next
 * @param batchSize records per POST
 * @param records records in all
 * @param flows distinct flows drawn from
 * @param hours hours of day drawn from, 0..hours-1
 * @param seed random seed; the same seed sends the same records
 * @param rate records per second over all clients, 0 for as fast as possible
 * @param token bearer token, or null
 */
public record PushSettings(URI base, int clients, int inFlight, int batchSize, long records, int flows, int hours, long seed,
        long rate, String token) {
}

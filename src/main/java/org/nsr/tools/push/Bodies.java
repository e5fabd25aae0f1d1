package org.nsr.tools.push;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The POST bodies of one client, encoded before the timed run: the client cycles through them
 * and adds a body's records to its expected sums each time the body is accepted. Encoding
 * inside the loop had the load tool compete with the server for the same two cores; now a POST
 * costs the tool a byte-array send and a few hundred additions.
 *
 * <p>{@value #DISTINCT} bodies per client by default: with 8 clients of 500 records that is
 * 256,000 random records, enough to touch almost every (hour, flow) of 24 hours of 10,000 flows,
 * so the server's working set is the real one. A POST only counts its body as accepted (one atomic
 * increment); the expected sums are multiplied out at the end. Read-only after construction but for
 * those counts: a client's lanes share it.
 */
final class Bodies {
    static final int DISTINCT = 64;

    final byte[][] json;
    final int[][] hour;
    final int[][] flow;
    final long[][] tx;
    final long[][] rx;
    private final AtomicIntegerArray accepted;

    /**
     * @param count  bodies to make
     * @param size   records per body
     * @param runTag this run's vpc_id suffix
     * @param firstHourStart for more than 24 hours: the epoch ms of hour 0, sent as {@code time};
     *                       otherwise negative and records carry {@code hour}
     */
    Bodies(int count, int size, int flows, int hours, String runTag, long firstHourStart, SplittableRandom rnd) {
        json = new byte[count][];
        hour = new int[count][size];
        flow = new int[count][size];
        tx = new long[count][size];
        rx = new long[count][size];
        accepted = new AtomicIntegerArray(count);
        StringBuilder b = new StringBuilder(size * 120);
        for (int k = 0; k < count; k++) {
            b.setLength(0);
            b.append('[');
            for (int i = 0; i < size; i++) {
                int f = rnd.nextInt(flows);
                flow[k][i] = f;
                hour[k][i] = rnd.nextInt(hours);
                tx[k][i] = rnd.nextInt(100_000);
                rx[k][i] = rnd.nextInt(100_000);
                b.append(i == 0 ? "{" : ",{").append("\"src_app\":\"src-").append(f / 100)
                        .append("\",\"dest_app\":\"dst-").append(f % 100).append("\",\"vpc_id\":\"vpc-").append(runTag)
                        .append("\",\"bytes_tx\":").append(tx[k][i]).append(",\"bytes_rx\":").append(rx[k][i])
                        .append(firstHourStart < 0 ? ",\"hour\":" : ",\"time\":")
                        .append(firstHourStart < 0 ? hour[k][i] : firstHourStart + hour[k][i] * 3_600_000L).append('}');
            }
            b.append(']');
            json[k] = b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    int count() {
        return json.length;
    }

    int size(int k) {
        return hour[k].length;
    }

    /** Body {@code k} was accepted: its records count in the expected sums. */
    void accepted(int k) {
        accepted.incrementAndGet(k);
    }

    /** Adds each body's records, times the number of times it was accepted, to {@code e}. */
    void addAcceptedTo(Expected e) {
        for (int k = 0; k < json.length; k++) {
            long times = accepted.get(k);
            if (times == 0) {
                continue;
            }
            int[] h = hour[k];
            int[] f = flow[k];
            long[] t = tx[k];
            long[] r = rx[k];
            for (int i = 0; i < h.length; i++) {
                e.add(h[i], f[i], t[i] * times, r[i] * times);
            }
        }
    }
}

package org.nsr.source.gen;

import java.util.SplittableRandom;

/**
 * The flowdump rules for a flow's size. Packet counts by traffic:
 * TCP 80/443 10..50; TCP 22 100..500; TCP 3306/5432 and other TCP 5..100; UDP 53 exactly 2;
 * other UDP 1..20; anything else 1..10. The byte count is the sum of the packet sizes, each the
 * flow's average packet size +-20 % (integer fifth), clamped to 64..1500.
 */
public final class PacketModel {
    public static final int MIN_PACKET = 64;
    public static final int MAX_PACKET = 1500;

    private PacketModel() {
    }

    /** The inclusive packet-count range for a protocol and destination port: {min, max}. */
    public static int[] packetRange(int protocol, int dstPort) {
        if (protocol == TrafficType.TCP) {
            if (dstPort == 80 || dstPort == 443) {
                return new int[] {10, 50};
            }
            if (dstPort == 22) {
                return new int[] {100, 500};
            }
            return new int[] {5, 100}; // databases (3306/5432) and generic TCP share a range
        }
        if (protocol == TrafficType.UDP) {
            return dstPort == 53 ? new int[] {2, 2} : new int[] {1, 20};
        }
        return new int[] {1, 10};
    }

    static int packetCount(int protocol, int dstPort, SplittableRandom rng) {
        if (protocol == TrafficType.TCP) {
            if (dstPort == 80 || dstPort == 443) {
                return 10 + rng.nextInt(41);
            }
            if (dstPort == 22) {
                return 100 + rng.nextInt(401);
            }
            return 5 + rng.nextInt(96);
        }
        if (protocol == TrafficType.UDP) {
            return dstPort == 53 ? 2 : 1 + rng.nextInt(20);
        }
        return 1 + rng.nextInt(10);
    }

    /** Sum of {@code packets} packet sizes around {@code averageSize}. */
    static long byteCount(int packets, int averageSize, SplittableRandom rng) {
        int variance = averageSize / 5;
        int span = 2 * variance + 1;
        int low = averageSize - variance;
        long sum = 0;
        int i = 0;
        // two packet sizes from each 64-bit draw: ssh flows have hundreds of packets
        for (; i + 1 < packets; i += 2) {
            long r = rng.nextLong();
            sum += clamp(low + scale((int) r, span)) + clamp(low + scale((int) (r >>> 32), span));
        }
        if (i < packets) {
            sum += clamp(low + scale((int) rng.nextLong(), span));
        }
        return sum;
    }

    /** Maps 32 random bits onto 0..span-1 (multiply-shift; the bias is below 1e-6 for spans this small). */
    private static int scale(int bits, int span) {
        return (int) (((bits & 0xFFFF_FFFFL) * span) >>> 32);
    }

    private static int clamp(int size) {
        return Math.max(MIN_PACKET, Math.min(MAX_PACKET, size));
    }

    /** A flow's typical packet length: between min and max with mean exactly {@code averageSize}. */
    static int packetLength(PacketSizes sizes, SplittableRandom rng) {
        int min = sizes.minSize();
        int max = sizes.maxSize();
        int avg = sizes.averageSize();
        if (min == max) {
            return min;
        }
        // two uniform halves, weighted so the mean is the configured average
        double lowShare = (double) (max - avg) / (max - min);
        if (rng.nextDouble() < lowShare) {
            return min + rng.nextInt(avg - min + 1);
        }
        return avg + rng.nextInt(max - avg + 1);
    }
}

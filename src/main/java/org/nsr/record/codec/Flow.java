package org.nsr.record.codec;

/**
 * One flow as the flow view shows it: the 5-tuple, the counters and the time. It is a reusable
 * cursor, not a value: {@link FlowView} refills the same instance for every flow it visits, so a
 * visitor that keeps a flow must copy what it needs. Not thread-safe.
 *
 * <p>What each line kind fills in:
 * <ul>
 *   <li>a generator flow line: everything but the rates (NaN);</li>
 *   <li>an entry of an NDTwin {@code flowinfo} array: the 5-tuple (IPs converted from NDTwin's
 *       little-endian uint32, see {@link Ipv4#fromNdtwin}), the two estimated rates, and the poll's
 *       time; the kernel reports no packet or byte counts, so those are {@link #UNKNOWN}.</li>
 * </ul>
 */
public final class Flow {
    /** A count or port the line does not carry. */
    public static final int UNKNOWN = -1;

    private LineKind kind;
    int srcIp;
    int dstIp;
    int srcPort;
    int dstPort;
    int protocol;
    long packets;
    long bytes;
    double bitsPerSecond;
    double packetsPerSecond;
    long timeNanos;

    /** The kind of line the flow came from. */
    public LineKind kind() {
        return kind;
    }

    /** Source IPv4 address, high byte first (192.168.1.1 is 0xC0A80101). */
    public int srcIp() {
        return srcIp;
    }

    public int dstIp() {
        return dstIp;
    }

    /** Port, or for ICMP the type; {@link #UNKNOWN} when absent. */
    public int srcPort() {
        return srcPort;
    }

    /** Port, or for ICMP the code; {@link #UNKNOWN} when absent. */
    public int dstPort() {
        return dstPort;
    }

    /** IP protocol number, {@link #UNKNOWN} when absent. */
    public int protocol() {
        return protocol;
    }

    /** Packets the flow carried, {@link #UNKNOWN} when the line does not say. */
    public long packets() {
        return packets;
    }

    /** Bytes the flow carried, {@link #UNKNOWN} when the line does not say. */
    public long bytes() {
        return bytes;
    }

    /** Estimated sending rate in the last second (NDTwin), NaN when the line does not say. */
    public double bitsPerSecond() {
        return bitsPerSecond;
    }

    /** Estimated packet rate in the last second (NDTwin), NaN when the line does not say. */
    public double packetsPerSecond() {
        return packetsPerSecond;
    }

    /** When the flow was seen: the line's timestamp, epoch nanoseconds. */
    public long timeNanos() {
        return timeNanos;
    }

    /**
     * Fills the cursor with one flow: for {@link LineKind} implementations outside this package (the
     * built-in kinds set the fields directly). Use {@link #UNKNOWN} and NaN for what the line lacks.
     */
    public Flow fill(LineKind kind, long timeNanos, int srcIp, int dstIp, int srcPort, int dstPort, int protocol,
            long packets, long bytes, double bitsPerSecond, double packetsPerSecond) {
        this.kind = kind;
        this.timeNanos = timeNanos;
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.protocol = protocol;
        this.packets = packets;
        this.bytes = bytes;
        this.bitsPerSecond = bitsPerSecond;
        this.packetsPerSecond = packetsPerSecond;
        return this;
    }

    /** Forgets the previous flow. */
    void reset(LineKind kind, long timeNanos) {
        this.kind = kind;
        this.timeNanos = timeNanos;
        srcIp = 0;
        dstIp = 0;
        srcPort = UNKNOWN;
        dstPort = UNKNOWN;
        protocol = UNKNOWN;
        packets = UNKNOWN;
        bytes = UNKNOWN;
        bitsPerSecond = Double.NaN;
        packetsPerSecond = Double.NaN;
    }

    @Override
    public String toString() {
        return kind.name() + " " + Ipv4.dotted(srcIp) + ":" + srcPort + " > " + Ipv4.dotted(dstIp) + ":" + dstPort
                + "/" + protocol + " packets=" + packets + " bytes=" + bytes + " bps=" + bitsPerSecond
                + " pps=" + packetsPerSecond + " t=" + timeNanos;
    }
}

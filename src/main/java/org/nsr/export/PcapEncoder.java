package org.nsr.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Synthetic packets for a flow, in the classic libpcap format (microsecond timestamps, Ethernet
 * link type): one frame per simulated packet, at most {@code maxPacketsPerFlow} per flow, each
 * with the flow's 5-tuple, a correct IPv4 header checksum and a correct TCP, UDP or ICMP checksum
 * (pseudo-header included). Payload bytes are zero. Every packet of a flow has the flow's mean
 * size ({@code bytes / packets}, clamped to what the headers need and to 1500 bytes of IP), so
 * with no cap the IP lengths add up to the flow's byte count within rounding.
 *
 * <p>Times: a flow's packets are spread evenly from its start to its end; a flow with no duration
 * (a generated flow) has them 1 microsecond apart. MAC addresses are locally administered and
 * derived from the IPs (02:00:a.b.c.d), so one host keeps one MAC.
 */
public final class PcapEncoder implements FlowEncoder {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int LINKTYPE_ETHERNET = 1;
    static final int ETHERNET = 14;
    static final int IPV4 = 20;
    static final int MAX_IP = 1500;

    private final OutputStream out;
    private final int maxPacketsPerFlow;
    private final byte[] frame = new byte[ETHERNET + MAX_IP];
    private final ByteBuffer f = ByteBuffer.wrap(frame);
    private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] buffer = new byte[1 << 20];
    private int used;
    private long flows;
    private long packets;
    private int ipId;

    public PcapEncoder(OutputStream out, int maxPacketsPerFlow) throws IOException {
        if (maxPacketsPerFlow < 1) {
            throw new IllegalArgumentException("maxPacketsPerFlow " + maxPacketsPerFlow + " must be positive");
        }
        this.out = out;
        this.maxPacketsPerFlow = maxPacketsPerFlow;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_ETHERNET);
        write(h.array(), 24);
    }

    static int transportHeader(int protocol) {
        return switch (protocol) {
            case 6 -> 20;
            case 17, 1 -> 8;
            default -> 0;
        };
    }

    @Override
    public void flow(int srcIp, int dstIp, int srcPort, int dstPort, int protocol, long pkts, long bytes,
            long startNanos, long endNanos) throws IOException {
        flows++;
        if (pkts <= 0) {
            return;
        }
        int headers = IPV4 + transportHeader(protocol);
        int ipLength = (int) Math.max(headers, Math.min(MAX_IP, bytes / pkts));
        int n = (int) Math.min(pkts, maxPacketsPerFlow);
        long step = n > 1 && endNanos > startNanos ? (endNanos - startNanos) / (n - 1) : 1000;
        long tcpSeq = 1;
        for (int i = 0; i < n; i++) {
            int len = build(srcIp, dstIp, srcPort, dstPort, protocol, ipLength, headers, tcpSeq, i);
            tcpSeq += ipLength - headers;
            long t = startNanos + i * step;
            record.clear();
            record.putInt((int) Math.floorDiv(t, 1_000_000_000L)).putInt((int) (Math.floorMod(t, 1_000_000_000L) / 1000))
                    .putInt(len).putInt(len);
            write(record.array(), 16);
            write(frame, len);
            packets++;
        }
    }

    /** Fills {@link #frame} with one packet; returns the frame length. */
    private int build(int src, int dst, int srcPort, int dstPort, int protocol, int ipLength, int headers, long seq,
            int index) {
        java.util.Arrays.fill(frame, 0, ETHERNET + ipLength, (byte) 0);
        f.clear();
        f.putShort((short) 0x0200).putInt(dst).putShort((short) 0x0200).putInt(src).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) ipId++).putShort((short) 0x4000)
                .put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(src).putInt(dst);
        f.putShort(ETHERNET + 10, (short) checksum(frame, ETHERNET, IPV4, 0));
        int t = ETHERNET + IPV4;
        int segment = ipLength - IPV4;
        switch (protocol) {
            case 6 -> {
                f.position(t);
                f.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt(1)
                        .put((byte) 0x50).put((byte) (index == 0 ? 0x02 : 0x18)).putShort((short) 65535)
                        .putShort((short) 0).putShort((short) 0);
                f.putShort(t + 16, (short) checksum(frame, t, segment, pseudoHeader(src, dst, protocol, segment)));
            }
            case 17 -> {
                f.position(t);
                f.putShort((short) srcPort).putShort((short) dstPort).putShort((short) segment).putShort((short) 0);
                int c = checksum(frame, t, segment, pseudoHeader(src, dst, protocol, segment));
                f.putShort(t + 6, (short) (c == 0 ? 0xFFFF : c)); // 0 means "no checksum" in UDP
            }
            case 1 -> {
                f.position(t);
                // the generator keeps the ICMP type in the source port and the code in the destination port
                f.put((byte) srcPort).put((byte) dstPort).putShort((short) 0).putShort((short) 1)
                        .putShort((short) index);
                f.putShort(t + 2, (short) checksum(frame, t, segment, 0));
            }
            default -> {
                // another protocol: the IP payload is opaque zeros
            }
        }
        return ETHERNET + ipLength;
    }

    private static long pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + length;
    }

    /** The Internet checksum (RFC 1071) of {@code b[off..off+len)} plus {@code initial}. */
    static int checksum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (b[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private void write(byte[] b, int len) throws IOException {
        if (used + len > buffer.length) {
            out.write(buffer, 0, used);
            used = 0;
        }
        System.arraycopy(b, 0, buffer, used, len);
        used += len;
    }

    @Override
    public void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    @Override
    public long flows() {
        return flows;
    }

    @Override
    public long messages() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}

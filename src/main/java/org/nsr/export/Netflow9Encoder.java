package org.nsr.export;

import static org.nsr.export.InformationElement.DESTINATION_IPV4_ADDRESS;
import static org.nsr.export.InformationElement.DESTINATION_TRANSPORT_PORT;
import static org.nsr.export.InformationElement.FIRST_SWITCHED;
import static org.nsr.export.InformationElement.LAST_SWITCHED;
import static org.nsr.export.InformationElement.OCTET_DELTA_COUNT;
import static org.nsr.export.InformationElement.PACKET_DELTA_COUNT;
import static org.nsr.export.InformationElement.PROTOCOL_IDENTIFIER;
import static org.nsr.export.InformationElement.SOURCE_IPV4_ADDRESS;
import static org.nsr.export.InformationElement.SOURCE_TRANSPORT_PORT;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * NetFlow v9 (RFC 3954) export: packets of a template flowset (template 256, in the first packet
 * and every {@code templateEvery} packets) and a data flowset, padded to 4 bytes. Fields:
 * IPV4_SRC_ADDR, IPV4_DST_ADDR, L4_SRC_PORT, L4_DST_PORT, PROTOCOL, IN_PKTS (8 bytes), IN_BYTES
 * (8 bytes), FIRST_SWITCHED and LAST_SWITCHED.
 *
 * <p>v9 gives flow times as sysUpTime milliseconds. The "exporter boot" is put 1 s before the first
 * flow, and each header's UNIX seconds is the latest flow end rounded up with sysUpTime set to
 * match it exactly, so a collector computes {@code unix_secs*1000 - sysUpTime + FIRST_SWITCHED} =
 * the flow's own start in ms. Past 2^31 ms of uptime (24 days of flow time) the boot moves forward
 * at a packet boundary so the 32-bit counters never wrap. The sequence number counts packets.
 */
public final class Netflow9Encoder extends TemplateMessageEncoder {
    static final int VERSION = 9;
    static final int HEADER = 20;
    static final InformationElement[] FIELDS = {SOURCE_IPV4_ADDRESS, DESTINATION_IPV4_ADDRESS, SOURCE_TRANSPORT_PORT,
        DESTINATION_TRANSPORT_PORT, PROTOCOL_IDENTIFIER, PACKET_DELTA_COUNT, OCTET_DELTA_COUNT, FIRST_SWITCHED,
        LAST_SWITCHED};
    static final int RECORD = InformationElement.recordLength(FIELDS);
    static final int TEMPLATE_FLOWSET = templateSetLength(FIELDS);
    private static final long MAX_UPTIME = 1L << 31;

    private final int sourceId;
    private final int templateEvery;
    private final int recordsPerPacket;
    private final ByteBuffer buf;
    private final long[] starts;
    private final long[] ends;
    private final int[] offsets;
    private long bootMillis = Long.MIN_VALUE;
    private int inPacket;
    private boolean templateInPacket;
    private int dataStart;

    public Netflow9Encoder(MessageOutput out, int sourceId, int maxPacketBytes, int templateEvery) {
        super(out);
        if (maxPacketBytes < HEADER + TEMPLATE_FLOWSET + 4 + RECORD + 3 || maxPacketBytes > 65535 || templateEvery < 1) {
            throw new IllegalArgumentException("packet size " + maxPacketBytes + " or template interval "
                    + templateEvery + " out of range");
        }
        this.sourceId = sourceId;
        this.templateEvery = templateEvery;
        this.recordsPerPacket = (maxPacketBytes - HEADER - TEMPLATE_FLOWSET - 4 - 3) / RECORD;
        this.buf = ByteBuffer.allocate(maxPacketBytes);
        this.starts = new long[recordsPerPacket];
        this.ends = new long[recordsPerPacket];
        this.offsets = new int[recordsPerPacket];
    }

    @Override
    public void flow(int srcIp, int dstIp, int srcPort, int dstPort, int protocol, long pkts, long bytes,
            long startNanos, long endNanos) throws IOException {
        long start = Math.floorDiv(startNanos, 1_000_000L);
        long end = Math.floorDiv(endNanos, 1_000_000L);
        if (bootMillis == Long.MIN_VALUE) {
            bootMillis = start - 1000;
        }
        if (inPacket > 0 && end + 1000 - bootMillis >= MAX_UPTIME) {
            send(); // the boot moves forward at a packet boundary only
        }
        if (inPacket == 0) {
            if (end + 1000 - bootMillis >= MAX_UPTIME || start < bootMillis) {
                bootMillis = start - 1000;
            }
            begin();
        }
        offsets[inPacket] = buf.position();
        starts[inPacket] = start;
        ends[inPacket] = end;
        // the switched times are written in send(), once the header's time is known
        buf.putInt(srcIp).putInt(dstIp).putShort((short) srcPort).putShort((short) dstPort).put((byte) protocol)
                .putLong(pkts).putLong(bytes).putInt(0).putInt(0);
        flows++;
        if (++inPacket == recordsPerPacket) {
            send();
        }
    }

    private void begin() {
        buf.clear();
        buf.position(HEADER);
        templateInPacket = messages % templateEvery == 0;
        if (templateInPacket) {
            putTemplate(buf, 0, TEMPLATE_FLOWSET, FIELDS);
        }
        dataStart = buf.position();
        buf.putShort((short) TEMPLATE_ID).putShort((short) 0);
    }

    @Override
    protected boolean pending() {
        return inPacket > 0;
    }

    @Override
    protected void send() throws IOException {
        long maxEnd = Long.MIN_VALUE;
        for (int i = 0; i < inPacket; i++) {
            maxEnd = Math.max(maxEnd, ends[i]);
        }
        long unixSecs = Math.floorDiv(maxEnd + 999, 1000);
        long uptime = unixSecs * 1000 - bootMillis;
        int switched = RECORD - 8;
        for (int i = 0; i < inPacket; i++) {
            buf.putInt(offsets[i] + switched, (int) (starts[i] - bootMillis));
            buf.putInt(offsets[i] + switched + 4, (int) (ends[i] - bootMillis));
        }
        while ((buf.position() - dataStart) % 4 != 0) {
            buf.put((byte) 0);
        }
        buf.putShort(dataStart + 2, (short) (buf.position() - dataStart));
        int count = inPacket + (templateInPacket ? 1 : 0);
        buf.putShort(0, (short) VERSION).putShort(2, (short) count).putInt(4, (int) uptime)
                .putInt(8, (int) unixSecs).putInt(12, (int) messages).putInt(16, sourceId);
        buf.flip();
        out.send(buf);
        messages++;
        inPacket = 0;
    }
}

package org.nsr.export;

import static org.nsr.export.InformationElement.DESTINATION_IPV4_ADDRESS;
import static org.nsr.export.InformationElement.DESTINATION_TRANSPORT_PORT;
import static org.nsr.export.InformationElement.FLOW_END_MILLISECONDS;
import static org.nsr.export.InformationElement.FLOW_START_MILLISECONDS;
import static org.nsr.export.InformationElement.OCTET_DELTA_COUNT;
import static org.nsr.export.InformationElement.PACKET_DELTA_COUNT;
import static org.nsr.export.InformationElement.PROTOCOL_IDENTIFIER;
import static org.nsr.export.InformationElement.SOURCE_IPV4_ADDRESS;
import static org.nsr.export.InformationElement.SOURCE_TRANSPORT_PORT;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * IPFIX (RFC 7011) export: messages of one template set (template 256, sent in the first message
 * and again every {@code templateEvery} messages, as RFC 7011 section 8.4 asks over UDP) and one
 * data set of fixed-length records with sourceIPv4Address, destinationIPv4Address,
 * sourceTransportPort, destinationTransportPort, protocolIdentifier, packetDeltaCount,
 * octetDeltaCount, flowStartMilliseconds and flowEndMilliseconds.
 *
 * <p>The header's export time is the latest flow end in the message (seconds, rounded up), so a
 * seeded generation gives the same bytes every run; the sequence number counts data records sent
 * before the message, as the RFC defines it.
 */
public final class IpfixEncoder extends TemplateMessageEncoder {
    static final int VERSION = 10;
    static final int HEADER = 16;
    static final int SET_HEADER = 4;
    static final InformationElement[] FIELDS = {SOURCE_IPV4_ADDRESS, DESTINATION_IPV4_ADDRESS, SOURCE_TRANSPORT_PORT,
        DESTINATION_TRANSPORT_PORT, PROTOCOL_IDENTIFIER, PACKET_DELTA_COUNT, OCTET_DELTA_COUNT,
        FLOW_START_MILLISECONDS, FLOW_END_MILLISECONDS};
    static final int RECORD = InformationElement.recordLength(FIELDS);
    static final int TEMPLATE_SET = templateSetLength(FIELDS);

    private final int observationDomain;
    private final int templateEvery;
    private final int recordsPerMessage;
    private final ByteBuffer buf;
    private int inMessage;
    private long maxEndMillis;
    private int dataSetStart;

    /**
     * @param maxMessageBytes at most 65535; over UDP keep it under the path MTU (1400 is safe)
     * @param templateEvery resend the template every this many messages (1: in every message)
     */
    public IpfixEncoder(MessageOutput out, int observationDomain, int maxMessageBytes, int templateEvery) {
        super(out);
        if (maxMessageBytes < HEADER + TEMPLATE_SET + SET_HEADER + RECORD || maxMessageBytes > 65535 || templateEvery < 1) {
            throw new IllegalArgumentException("message size " + maxMessageBytes + " or template interval "
                    + templateEvery + " out of range");
        }
        this.observationDomain = observationDomain;
        this.templateEvery = templateEvery;
        this.recordsPerMessage = (maxMessageBytes - HEADER - TEMPLATE_SET - SET_HEADER) / RECORD;
        this.buf = ByteBuffer.allocate(maxMessageBytes);
    }

    @Override
    public void flow(int srcIp, int dstIp, int srcPort, int dstPort, int protocol, long packets, long bytes,
            long startNanos, long endNanos) throws IOException {
        if (inMessage == 0) {
            begin();
        }
        long start = Math.floorDiv(startNanos, 1_000_000L);
        long end = Math.floorDiv(endNanos, 1_000_000L);
        buf.putInt(srcIp).putInt(dstIp).putShort((short) srcPort).putShort((short) dstPort).put((byte) protocol)
                .putLong(packets).putLong(bytes).putLong(start).putLong(end);
        maxEndMillis = Math.max(maxEndMillis, end);
        flows++;
        if (++inMessage == recordsPerMessage) {
            send();
        }
    }

    private void begin() {
        buf.clear();
        buf.position(HEADER);
        if (messages % templateEvery == 0) {
            putTemplate(buf, 2, TEMPLATE_SET, FIELDS);
        }
        dataSetStart = buf.position();
        buf.putShort((short) TEMPLATE_ID).putShort((short) 0); // length filled in by send()
        maxEndMillis = 0;
    }

    @Override
    protected boolean pending() {
        return inMessage > 0;
    }

    @Override
    protected void send() throws IOException {
        int length = buf.position();
        buf.putShort(dataSetStart + 2, (short) (length - dataSetStart));
        long sequence = flows - inMessage;
        buf.putShort(0, (short) VERSION).putShort(2, (short) length)
                .putInt(4, (int) Math.floorDiv(maxEndMillis + 999, 1000)).putInt(8, (int) sequence)
                .putInt(12, observationDomain);
        buf.flip();
        out.send(buf);
        messages++;
        inMessage = 0;
    }
}

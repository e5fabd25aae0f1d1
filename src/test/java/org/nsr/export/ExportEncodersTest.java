package org.nsr.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportEncodersTest {
    private static final long T0 = 1_704_067_200_123_000_000L;

    private static void feed(FlowEncoder e, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            e.flow(0x0A000001 + i, 0xC0A80001, 1024 + i, 443, i % 3 == 0 ? 17 : 6, 10 + i, 1000L * (i + 1),
                    T0 + i * 1_000_000L, T0 + i * 1_000_000L + 5_000_000L);
        }
    }

    @Test
    void ipfixFileHoldsOneTemplateAndEveryRecordWithItsFields() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IpfixEncoder e = new IpfixEncoder(new FileMessageOutput(bytes, "mem"), 1, 1400, Integer.MAX_VALUE);
        feed(e, 1000);
        e.close();
        List<ExportDecoding.Decoded> d = ExportDecoding.ipfix(ByteBuffer.wrap(bytes.toByteArray()));
        assertEquals(1000, d.size());
        ExportDecoding.Decoded r = d.get(7);
        assertEquals(0x0A000008L, r.src());
        assertEquals(0xC0A80001L, r.dst());
        assertEquals(1031, r.srcPort());
        assertEquals(443, r.dstPort());
        assertEquals(6, r.protocol());
        assertEquals(17, r.packets());
        assertEquals(8000, r.bytes());
        assertEquals(1_704_067_200_130L, r.startMillis());
        assertEquals(1_704_067_200_135L, r.endMillis());
        assertEquals(1000, e.flows());
        assertEquals((1000 + 28) / 29, e.messages(), "29 records of 45 bytes fit 1400 bytes with header, template and set header");
    }

    @Test
    void netflow9PacketsCarryAbsoluteTimesThroughSysUptime() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Netflow9Encoder e = new Netflow9Encoder(new FileMessageOutput(bytes, "mem"), 1, 1400, 5);
        feed(e, 500);
        e.close();
        List<ByteBuffer> packets = ExportDecoding.splitNetflow9(ByteBuffer.wrap(bytes.toByteArray()), (int) e.messages());
        List<ExportDecoding.Decoded> d = ExportDecoding.netflow9(packets);
        assertEquals(500, d.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(1_704_067_200_123L + i, d.get(i).startMillis());
            assertEquals(1_704_067_200_128L + i, d.get(i).endMillis());
            assertEquals(1000L * (i + 1), d.get(i).bytes());
        }
    }

    @Test
    void udpExportSendsEveryRecordInDatagramsUnderTheMtu() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setReceiveBufferSize(1 << 22);
            collector.setSoTimeout(5000);
            UdpMessageOutput udp = new UdpMessageOutput(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), collector.getLocalPort()), 2000);
            IpfixEncoder e = new IpfixEncoder(udp, 1, ExportFormat.UDP_MESSAGE_BYTES, ExportFormat.UDP_TEMPLATE_EVERY);
            feed(e, 3000);
            e.close();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            for (long i = 0; i < e.messages(); i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                collector.receive(p);
                assertTrue(p.getLength() <= ExportFormat.UDP_MESSAGE_BYTES, "datagram " + p.getLength() + " bytes");
                all.write(buf, 0, p.getLength());
            }
            assertEquals(3000, ExportDecoding.ipfix(ByteBuffer.wrap(all.toByteArray())).size());
            assertEquals(0, udp.failures());
        }
    }

    @Test
    void pcapFramesHaveValidChecksumsAndOnePacketPerSimulatedPacketUpToTheCap() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PcapEncoder e = new PcapEncoder(bytes, 4);
        e.flow(0x0A000001, 0x0A000002, 1234, 80, 6, 3, 3000, T0, T0);
        e.flow(0x0A000001, 0x0A000002, 5353, 53, 17, 9, 900, T0, T0);
        e.flow(0x0A000001, 0x0A000002, 8, 0, 1, 1, 84, T0, T0);
        e.close();
        assertEquals(3 + 4 + 1, e.messages());
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, b.getInt(0));
        int p = 24;
        List<Integer> ipLengths = new ArrayList<>();
        while (p < b.limit()) {
            int caplen = b.getInt(p + 8);
            assertEquals(caplen, b.getInt(p + 12));
            byte[] frame = new byte[caplen];
            System.arraycopy(b.array(), p + 16, frame, 0, caplen);
            int ipLen = ((frame[16] & 0xFF) << 8) | (frame[17] & 0xFF);
            ipLengths.add(ipLen);
            assertEquals(caplen, 14 + ipLen);
            assertEquals(0, PcapEncoder.checksum(frame, 14, 20, 0), "IPv4 header checksum");
            int proto = frame[23] & 0xFF;
            int src = ByteBuffer.wrap(frame, 26, 4).getInt();
            int dst = ByteBuffer.wrap(frame, 30, 4).getInt();
            long pseudo = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + proto + (ipLen - 20);
            assertEquals(0, PcapEncoder.checksum(frame, 34, ipLen - 20, proto == 1 ? 0 : pseudo),
                    "transport checksum of protocol " + proto);
            p += 16 + caplen;
        }
        assertEquals(List.of(1000, 1000, 1000, 100, 100, 100, 100, 84), ipLengths);
    }
}

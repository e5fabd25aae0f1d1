package org.nsr.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/** The standard flow formats we export, by their command-line name. */
public enum ExportFormat {
    IPFIX, NETFLOW9, PCAP;

    /** Largest datagram we send: under the 1500-byte Ethernet MTU with IP and UDP headers. */
    public static final int UDP_MESSAGE_BYTES = 1400;
    /** Messages in a file may be larger: fewer headers, same records. */
    public static final int FILE_MESSAGE_BYTES = 65_000;
    /** Over UDP the template is repeated every this many messages, so a collector started late learns it. */
    public static final int UDP_TEMPLATE_EVERY = 20;
    /** The observation domain (IPFIX) / source id (NetFlow v9) we export as. */
    public static final int DOMAIN = 1;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format with this command-line name, or null. */
    public static ExportFormat fromCliName(String name) {
        for (ExportFormat f : values()) {
            if (f.cliName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Whether the format is a message stream that can go to a UDP collector (PCAP cannot). */
    public boolean sendsMessages() {
        return this != PCAP;
    }

    /** An encoder writing to a file or pipe (templates once, at the start). */
    public FlowEncoder toStream(OutputStream out, String name, int pcapMaxPacketsPerFlow) throws IOException {
        return switch (this) {
            case IPFIX -> new IpfixEncoder(new FileMessageOutput(out, name), DOMAIN, FILE_MESSAGE_BYTES, Integer.MAX_VALUE);
            case NETFLOW9 -> new Netflow9Encoder(new FileMessageOutput(out, name), DOMAIN, FILE_MESSAGE_BYTES,
                    Integer.MAX_VALUE);
            case PCAP -> new PcapEncoder(out, pcapMaxPacketsPerFlow);
        };
    }

    /** An encoder sending datagrams to a collector. */
    public FlowEncoder toCollector(MessageOutput out) {
        return switch (this) {
            case IPFIX -> new IpfixEncoder(out, DOMAIN, UDP_MESSAGE_BYTES, UDP_TEMPLATE_EVERY);
            case NETFLOW9 -> new Netflow9Encoder(out, DOMAIN, UDP_MESSAGE_BYTES, UDP_TEMPLATE_EVERY);
            case PCAP -> throw new IllegalArgumentException("PCAP is a file format; it is not sent to collectors");
        };
    }
}

package org.nsr.export;

/**
 * The IANA information elements our IPFIX and NetFlow v9 templates carry, with their element id
 * and encoded length. Ids 1..127 are the same in NetFlow v9 (RFC 3954) and IPFIX (RFC 7011).
 */
enum InformationElement {
    SOURCE_IPV4_ADDRESS(8, 4),
    DESTINATION_IPV4_ADDRESS(12, 4),
    SOURCE_TRANSPORT_PORT(7, 2),
    DESTINATION_TRANSPORT_PORT(11, 2),
    PROTOCOL_IDENTIFIER(4, 1),
    PACKET_DELTA_COUNT(2, 8),
    OCTET_DELTA_COUNT(1, 8),
    /** IPFIX only: absolute epoch milliseconds. */
    FLOW_START_MILLISECONDS(152, 8),
    FLOW_END_MILLISECONDS(153, 8),
    /** NetFlow v9: sysUpTime in ms at the first and last packet. */
    FIRST_SWITCHED(22, 4),
    LAST_SWITCHED(21, 4);

    final int id;
    final int length;

    InformationElement(int id, int length) {
        this.id = id;
        this.length = length;
    }

    static int recordLength(InformationElement... fields) {
        int n = 0;
        for (InformationElement f : fields) {
            n += f.length;
        }
        return n;
    }
}

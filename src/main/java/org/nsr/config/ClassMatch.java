package org.nsr.config;

import java.util.Locale;

/**
 * What a storage class takes ({@code match:} of a {@code classes:} entry): every key given must hold
 * for a flow; {@code -1} and null mean "any".
 *
 * @param protocol IP protocol number ({@code tcp}, {@code udp}, {@code icmp} or 0..255)
 * @param port either end's port ({@code port: 53} takes queries and answers)
 * @param srcPort the source port
 * @param dstPort the destination port
 * @param ip either end's address or network ({@code 10.0.0.0/8})
 * @param srcIp the source address or network
 * @param dstIp the destination address or network
 */
public record ClassMatch(int protocol, int port, int srcPort, int dstPort, Cidr ip, Cidr srcIp, Cidr dstIp) {
    static final String[] KEYS = {"protocol", "port", "src_port", "dst_port", "ip", "src_ip", "dst_ip"};

    /** An IPv4 network: {@code address/prefix}, a plain address being {@code /32}. */
    public record Cidr(int address, int prefix) {
        public boolean contains(int ip) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (ip & mask) == (address & mask);
        }

        @Override
        public String toString() {
            return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255)
                    + "/" + prefix;
        }
    }

    static ClassMatch read(ConfigNode m) throws ConfigException {
        if (m == null) {
            return null;
        }
        m.rejectKeysOtherThan(KEYS);
        ClassMatch match = new ClassMatch(protocol(m), m.intValue("port", -1, 0, 65535),
                m.intValue("src_port", -1, 0, 65535), m.intValue("dst_port", -1, 0, 65535), cidr(m, "ip"),
                cidr(m, "src_ip"), cidr(m, "dst_ip"));
        if (match.protocol < 0 && match.port < 0 && match.srcPort < 0 && match.dstPort < 0 && match.ip == null
                && match.srcIp == null && match.dstIp == null) {
            throw new ConfigException(m.path() + ": empty; expected at least one of " + String.join(", ", KEYS)
                    + " (leave match out for the class that takes the rest)");
        }
        return match;
    }

    private static int protocol(ConfigNode m) throws ConfigException {
        Object raw = m.raw("protocol");
        if (raw instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "tcp": return 6;
                case "udp": return 17;
                case "icmp": return 1;
                default:
                    throw new ConfigException(m.pathOf("protocol") + ": '" + s + "' is not a protocol; expected tcp, "
                            + "udp, icmp or a protocol number 0..255");
            }
        }
        return m.intValue("protocol", -1, 0, 255);
    }

    private static Cidr cidr(ConfigNode m, String key) throws ConfigException {
        if (!m.has(key)) {
            return null;
        }
        String text = m.string(key).trim();
        String expected = "; expected an IPv4 address such as 10.0.0.5 or a network such as 10.0.0.0/8";
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        int prefix = 32;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > 32) {
                throw new ConfigException(m.pathOf(key) + ": '" + text + "' has no prefix length 0..32" + expected);
            }
        }
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new ConfigException(m.pathOf(key) + ": '" + text + "' is not an IPv4 address" + expected);
        }
        int ip = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new ConfigException(m.pathOf(key) + ": '" + text + "' is not an IPv4 address" + expected);
            }
            ip = ip << 8 | octet;
        }
        return new Cidr(ip, prefix);
    }
}

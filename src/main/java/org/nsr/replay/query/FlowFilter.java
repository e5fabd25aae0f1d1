package org.nsr.replay.query;

import java.util.Locale;
import org.nsr.config.ConfigException;
import org.nsr.record.codec.Ipv4;

/**
 * The flow filters of {@code nsr query}: protocol, an IP or subnet matching either end, and a port
 * matching either end. An absent filter matches everything. Immutable.
 */
public record FlowFilter(int protocol, int subnet, int prefixLength, int port) {
    public static final int ANY = -1;
    public static final FlowFilter NONE = new FlowFilter(ANY, 0, ANY, ANY);

    public boolean matches(int src, int dst, int srcPort, int dstPort, int proto) {
        if (protocol != ANY && proto != protocol) {
            return false;
        }
        if (port != ANY && srcPort != port && dstPort != port) {
            return false;
        }
        if (prefixLength != ANY) {
            int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
            return (src & mask) == subnet || (dst & mask) == subnet;
        }
        return true;
    }

    /** The one IP the filter pins (an address, not a subnet), or null. */
    public Integer pinnedIp() {
        return prefixLength == 32 ? subnet : null;
    }

    /** Builds a filter from the command line's texts (each may be null). */
    public static FlowFilter parse(String protocolText, String ipText, String portText) throws ConfigException {
        int proto = ANY;
        if (protocolText != null) {
            proto = switch (protocolText.toLowerCase(Locale.ROOT)) {
                case "tcp" -> 6;
                case "udp" -> 17;
                case "icmp" -> 1;
                default -> parseInt("--protocol", protocolText, 0, 255, "tcp, udp, icmp or a number 0-255");
            };
        }
        int subnet = 0;
        int prefix = ANY;
        if (ipText != null) {
            String[] parts = ipText.split("/", -1);
            long ip = parts.length <= 2 ? Ipv4.parseDotted(parts[0]) : -1L;
            prefix = 32;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    prefix = -2;
                }
            }
            if (ip < 0 || prefix < 0 || prefix > 32) {
                throw new ConfigException("--ip: '" + ipText + "' is not usable; expected an IPv4 address or subnet "
                        + "like 192.168.1.10 or 10.0.0.0/8");
            }
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            subnet = (int) ip & mask;
        }
        int port = portText == null ? ANY : parseInt("--port", portText, 0, 65535, "a port 0-65535");
        return new FlowFilter(proto, subnet, prefix, port);
    }

    private static int parseInt(String option, String text, int min, int max, String expected) throws ConfigException {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(option + ": '" + text + "' is not usable; expected " + expected);
    }
}

package org.nsr.replay.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nsr.config.ConfigException;

/**
 * What {@code --by} groups on: any combination of the hour, the source and destination address and
 * port and the protocol, named as nfdump's {@code -s} and {@code -A} name them. {@code ip} and
 * {@code port} mean either end, as nfdump's {@code -s ip}: a flow counts once for its source end and
 * once for its destination end (with both, the end is the address and its port).
 */
public record Grouping(boolean byHour, boolean bySrc, boolean byDst, boolean bySrcPort, boolean byDstPort,
        boolean byProtocol, boolean eitherIp, boolean eitherPort) {

    private static final String EXPECTED = "expected a comma list of hour, src_ip, dst_ip, ip, src_port, "
            + "dst_port, port, proto, or flow (src_ip,dst_ip), flow-proto (src_ip,dst_ip,proto), like hour,flow";

    /** Both ends: the flow. */
    public boolean byFlow() {
        return bySrc && byDst;
    }

    /** True when each flow falls into two groups, one per end. */
    public boolean byEitherEnd() {
        return eitherIp || eitherPort;
    }

    /** Parses a comma list; nfdump's spellings (srcip, dstport, …) are accepted beside ours. */
    public static Grouping parse(String text) throws ConfigException {
        boolean hour = false;
        boolean src = false;
        boolean dst = false;
        boolean srcPort = false;
        boolean dstPort = false;
        boolean proto = false;
        boolean ip = false;
        boolean port = false;
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            switch (part.trim().replace("_", "")) {
                case "hour" -> hour = true;
                case "flow", "pair" -> {
                    src = true;
                    dst = true;
                }
                case "flow-proto" -> {
                    src = true;
                    dst = true;
                    proto = true;
                }
                case "srcip" -> src = true;
                case "dstip" -> dst = true;
                case "ip" -> ip = true;
                case "srcport" -> srcPort = true;
                case "dstport" -> dstPort = true;
                case "port" -> port = true;
                case "proto", "protocol" -> proto = true;
                default -> throw new ConfigException("--by: '" + text + "' has '" + part.trim()
                        + "', which is not a grouping; " + EXPECTED);
            }
        }
        if (ip && (src || dst) || port && (srcPort || dstPort)) {
            throw new ConfigException("--by: '" + text + "' mixes an either-end key (ip, port) with a one-end key "
                    + "of the same kind; expected ip or src_ip/dst_ip, port or src_port/dst_port");
        }
        return new Grouping(hour, src, dst, srcPort, dstPort, proto, ip, port);
    }

    /** The key columns, in output order: hour, src (or ip), dst, src_port (or port), dst_port, proto. */
    List<String> columns() {
        List<String> c = new ArrayList<>();
        if (byHour) {
            c.add("hour");
        }
        if (eitherIp) {
            c.add("ip");
        }
        if (bySrc) {
            c.add("src");
        }
        if (byDst) {
            c.add("dst");
        }
        if (eitherPort) {
            c.add("port");
        }
        if (bySrcPort) {
            c.add("src_port");
        }
        if (byDstPort) {
            c.add("dst_port");
        }
        if (byProtocol) {
            c.add("proto");
        }
        return c;
    }
}

package org.nsr.replay.query;

import java.util.Locale;
import org.nsr.config.ConfigException;

/**
 * What {@code --by} groups on: any of the hour, the flow (src, dst), the flow with its protocol, or
 * one end only ({@code src_ip}, {@code dst_ip}: top talkers, as nfdump's {@code -s srcip}).
 */
public record Grouping(boolean byHour, boolean bySrc, boolean byDst, boolean byProtocol) {

    /** Both ends: the flow. */
    public boolean byFlow() {
        return bySrc && byDst;
    }


    /** Parses {@code hour}, {@code flow}, {@code flow-proto} or a comma list like {@code hour,flow}. */
    public static Grouping parse(String text) throws ConfigException {
        boolean hour = false;
        boolean src = false;
        boolean dst = false;
        boolean proto = false;
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            switch (part.trim()) {
                case "hour" -> hour = true;
                case "flow" -> {
                    src = true;
                    dst = true;
                }
                case "src_ip" -> src = true;
                case "dst_ip" -> dst = true;
                case "flow-proto" -> {
                    src = true;
                    dst = true;
                    proto = true;
                }
                default -> throw new ConfigException("--by: '" + text + "' is not a grouping; expected hour, flow, "
                        + "flow-proto, src_ip, dst_ip or a comma list like hour,flow");
            }
        }
        return new Grouping(hour, src, dst, proto);
    }

    GroupKey key(long timestampNanos, int src, int dst, int protocol) {
        return new GroupKey(byHour ? Math.floorDiv(timestampNanos, 3_600_000_000_000L) : GroupKey.ALL,
                bySrc ? src : 0, byDst ? dst : 0, byProtocol ? protocol : GroupKey.ALL);
    }
}

package org.nsr.replay.query;

import java.util.Locale;
import org.nsr.config.ConfigException;

/** What {@code --by} groups on: any of the hour, the flow (src, dst), the flow with its protocol. */
public record Grouping(boolean byHour, boolean byFlow, boolean byProtocol) {

    /** Parses {@code hour}, {@code flow}, {@code flow-proto} or a comma list like {@code hour,flow}. */
    public static Grouping parse(String text) throws ConfigException {
        boolean hour = false;
        boolean flow = false;
        boolean proto = false;
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            switch (part.trim()) {
                case "hour" -> hour = true;
                case "flow" -> flow = true;
                case "flow-proto" -> {
                    flow = true;
                    proto = true;
                }
                default -> throw new ConfigException("--by: '" + text + "' is not a grouping; expected hour, flow, "
                        + "flow-proto or a comma list like hour,flow");
            }
        }
        return new Grouping(hour, flow, proto);
    }

    GroupKey key(long timestampNanos, int src, int dst, int protocol) {
        return new GroupKey(byHour ? Math.floorDiv(timestampNanos, 3_600_000_000_000L) : GroupKey.ALL,
                byFlow ? src : 0, byFlow ? dst : 0, byProtocol ? protocol : GroupKey.ALL);
    }
}

package org.nsr.metrics;

import java.util.List;

/**
 * The answer of one health check.
 *
 * @param healthy true only while the recorder runs and no source has failed for too long
 * @param status  {@code running}, {@code starting}, {@code draining} or {@code failing}
 * @param reasons why it is not healthy, one sentence each; empty when healthy
 */
public record HealthStatus(boolean healthy, String status, List<String> reasons) {
    public HealthStatus {
        reasons = List.copyOf(reasons);
    }

    /** The body {@code /health} serves: {@code {"status":"...","reasons":[...]}}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"status\":");
        appendJsonString(sb, status);
        sb.append(",\"reasons\":[");
        for (int i = 0; i < reasons.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendJsonString(sb, reasons.get(i));
        }
        return sb.append("]}").toString();
    }

    private static void appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

package org.nsr.source.http;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** NDTwin-shaped flow responses (as in the fixtures), pretty-printed as the kernel sends them or compact. */
final class FlowBodies {
    private FlowBodies() {
    }

    static byte[] pretty(int flows, long seed) {
        return body(flows, seed, true);
    }

    static byte[] compact(int flows, long seed) {
        return body(flows, seed, false);
    }

    private static byte[] body(int flows, long seed, boolean pretty) {
        Random r = new Random(seed);
        String nl = pretty ? "\n" : "";
        String in1 = pretty ? "  " : "";
        String in2 = pretty ? "    " : "";
        String sp = pretty ? " " : "";
        StringBuilder sb = new StringBuilder(flows * 900).append('[').append(nl);
        for (int f = 0; f < flows; f++) {
            sb.append(in1).append('{').append(nl);
            field(sb, in2, sp, nl, "dst_ip", Long.toString(r.nextInt() & 0xFFFF_FFFFL), false);
            field(sb, in2, sp, nl, "dst_port", Integer.toString(r.nextInt(65536)), false);
            field(sb, in2, sp, nl, "estimated_flow_sending_rate_bps_in_the_last_sec",
                    Integer.toString(r.nextInt(1_000_000_000)), false);
            field(sb, in2, sp, nl, "estimated_flow_sending_rate_bps_in_the_proceeding_1sec_timeslot",
                    Integer.toString(r.nextInt(1_000_000_000)), false);
            field(sb, in2, sp, nl, "estimated_packet_rate_in_the_last_sec", Integer.toString(r.nextInt(100_000)), false);
            field(sb, in2, sp, nl, "estimated_packet_rate_in_the_proceeding_1sec_timeslot",
                    Integer.toString(r.nextInt(100_000)), false);
            field(sb, in2, sp, nl, "first_sampled_time", "\"2025-08-22 10:13:" + (10 + r.nextInt(50)) + "\"", false);
            field(sb, in2, sp, nl, "latest_sampled_time", "\"2025-08-22 10:14:" + (10 + r.nextInt(50)) + "\"", false);
            sb.append(in2).append("\"path\":").append(sp).append('[').append(nl);
            int hops = 2 + r.nextInt(6);
            for (int h = 0; h < hops; h++) {
                sb.append(in2).append(in1).append("{\"interface\":").append(sp).append(r.nextInt(64)).append(',')
                        .append(sp).append("\"node\":").append(sp).append(r.nextLong() >>> 16).append('}')
                        .append(h + 1 < hops ? "," : "").append(nl);
            }
            sb.append(in2).append("],").append(nl);
            field(sb, in2, sp, nl, "protocol_id", r.nextBoolean() ? "6" : "17", false);
            field(sb, in2, sp, nl, "src_ip", Long.toString(r.nextInt() & 0xFFFF_FFFFL), false);
            field(sb, in2, sp, nl, "src_port", Integer.toString(r.nextInt(65536)), true);
            sb.append(in1).append('}').append(f + 1 < flows ? "," : "").append(nl);
        }
        return sb.append(']').append(nl).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder sb, String indent, String sp, String nl, String key, String value,
            boolean last) {
        sb.append(indent).append('"').append(key).append("\":").append(sp).append(value).append(last ? "" : ",")
                .append(nl);
    }
}

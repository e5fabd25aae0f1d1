package org.nsr.aggregate;

import java.util.Comparator;

/**
 * One flow of the Flow Aggregation Service: {@code (src_app, dest_app, vpc_id)}. Ordered by
 * {@code src_app}, then {@code dest_app}, then {@code vpc_id}, each by {@link String#compareTo}
 * (UTF-16 code units: plain byte order for ASCII names). Immutable.
 */
public record FlowKey(String srcApp, String destApp, String vpcId) implements Comparable<FlowKey> {
    public static final Comparator<FlowKey> ORDER = FlowKey::compare;

    private static int compare(FlowKey a, FlowKey b) {
        int c = a.srcApp.compareTo(b.srcApp);
        if (c == 0) {
            c = a.destApp.compareTo(b.destApp);
        }
        return c != 0 ? c : a.vpcId.compareTo(b.vpcId);
    }

    /**
     * Mixes the three names' hashes. The record's default ({@code 31 * h + ...}) collides badly for
     * names that differ in their last characters ({@code src-12}/{@code dst-34}): the hash map's
     * bins turned into trees and lookups into {@code equals} calls.
     */
    @Override
    public int hashCode() {
        long h = srcApp.hashCode() * 0x9E3779B97F4A7C15L;
        h = (h ^ destApp.hashCode()) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ vpcId.hashCode()) * 0x165667B19E3779F9L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && srcApp.equals(k.srcApp) && destApp.equals(k.destApp) && vpcId.equals(k.vpcId);
    }

    @Override
    public int compareTo(FlowKey o) {
        return ORDER.compare(this, o);
    }
}

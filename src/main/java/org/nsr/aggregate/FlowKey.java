package org.nsr.aggregate;

import java.util.Comparator;

/**
 * One flow of the Flow Aggregation Service: {@code (src_app, dest_app, vpc_id)}. Ordered by
 * {@code src_app}, then {@code dest_app}, then {@code vpc_id}, each by {@link String#compareTo}
 * (UTF-16 code units: plain byte order for ASCII names). Immutable.
 */
public record FlowKey(String srcApp, String destApp, String vpcId) implements Comparable<FlowKey> {
    public static final Comparator<FlowKey> ORDER = Comparator.comparing(FlowKey::srcApp)
            .thenComparing(FlowKey::destApp).thenComparing(FlowKey::vpcId);

    @Override
    public int compareTo(FlowKey o) {
        return ORDER.compare(this, o);
    }
}

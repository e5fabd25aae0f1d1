package org.nsr.filter;

import org.nsr.record.codec.Ipv4;

/**
 * An address or subnet a filter requires: every flow the filter matches has {@code side} inside
 * {@code network/prefixLength} for at least one of the pins {@link Filter#pinnedIps()} reports.
 * An index can answer such a filter by looking these up instead of scanning.
 *
 * @param network the subnet's first address, high byte first
 * @param prefixLength 32 for a host
 */
public record IpPin(Side side, int network, int prefixLength) {

    public boolean isHost() {
        return prefixLength == 32;
    }

    @Override
    public String toString() {
        String s = side == Side.EITHER ? "" : side.name().toLowerCase(java.util.Locale.ROOT) + " ";
        return s + Ipv4.dotted(network) + (isHost() ? "" : "/" + prefixLength);
    }
}

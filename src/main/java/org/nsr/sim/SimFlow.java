package org.nsr.sim;

import java.util.List;

/** One simulated flow: its 5-tuple, its path and links, and its sampled rates. Owned by {@link NetworkModel}. */
final class SimFlow {
    final long srcIp;
    final long dstIp;
    final int srcPort;
    final int dstPort;
    final int protocol;
    final List<FatTree.Node> path;
    final int[] interfaces;
    final List<FatTree.Link> links;
    final long firstSampledSecond;
    long latestSampledSecond;
    long rateBps;
    long previousRateBps;
    long packetRate;
    long previousPacketRate;
    boolean active = true;

    SimFlow(long srcIp, long dstIp, int srcPort, int dstPort, int protocol, List<FatTree.Node> path,
            int[] interfaces, List<FatTree.Link> links, long firstSampledSecond) {
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.protocol = protocol;
        this.path = path;
        this.interfaces = interfaces;
        this.links = links;
        this.firstSampledSecond = firstSampledSecond;
        this.latestSampledSecond = firstSampledSecond;
    }
}

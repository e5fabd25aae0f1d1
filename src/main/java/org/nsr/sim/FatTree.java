package org.nsr.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A k-ary fat tree: k pods of k/2 edge and k/2 aggregation switches, (k/2)^2 core switches, and
 * hosts attached round-robin to the edge switches (up to k/2 per edge switch). Every cable is two
 * directed {@link Link}s, as the kernel lists them. Immutable after construction, except the
 * per-link load the flow model writes each step.
 *
 * <p>Ports: an edge switch uses 1..k/2 for hosts and k/2+1..k for its aggregation switches; an
 * aggregation switch uses 1..k/2 for its pod's edge switches and k/2+1..k for core switches; a
 * core switch uses port p+1 for pod p.
 */
final class FatTree {
    static final long HOST_LINK_BPS = 1_000_000_000L;
    static final long FABRIC_LINK_BPS = 10_000_000_000L;
    private static final long DPID_BASE = 0x609C_0000_0000L;

    /** A switch (vertex_type 0) or a host (vertex_type 1). */
    static final class Node {
        final boolean host;
        final String name;
        final long dpid;          // 0 for hosts
        final long ip;            // kernel encoding
        final long mac;           // 0 for switches
        final int layer;          // device_layer: 0 core, 1 aggregation, 2 edge, 3 host
        int pod = -1;             // edge switches: their pod
        Node edgeSwitch;          // hosts: the switch they hang off
        int edgePort;             // hosts: that switch's port to them

        Node(boolean host, String name, long dpid, long ip, long mac, int layer) {
            this.host = host;
            this.name = name;
            this.dpid = dpid;
            this.ip = ip;
            this.mac = mac;
            this.layer = layer;
        }

        /** The value a flow path's "node" carries: the dpid of a switch, the IP of a host. */
        long pathId() {
            return host ? ip : dpid;
        }
    }

    /** One direction of a cable, with the load the flows crossing it put on it. */
    static final class Link {
        final Node src;
        final Node dst;
        final int srcPort;        // 0 on a host side
        final int dstPort;
        final long bandwidthBps;
        long usageBps;
        final List<SimFlow> flows = new ArrayList<>();

        Link(Node src, int srcPort, Node dst, int dstPort, long bandwidthBps) {
            this.src = src;
            this.srcPort = srcPort;
            this.dst = dst;
            this.dstPort = dstPort;
            this.bandwidthBps = bandwidthBps;
        }
    }

    final int k;
    final List<Node> switches = new ArrayList<>();
    final List<Node> hosts = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    private final Node[] core;
    private final Node[][] agg;
    private final Node[][] edge;
    private final Map<Node, Map<Node, Link>> linkIndex = new HashMap<>();
    private final Map<Node, Map<Node, Integer>> portIndex = new HashMap<>();

    /** The smallest even k (at least 4) whose fat tree holds {@code hostCount} hosts. */
    static int arityFor(int hostCount) {
        int k = 4;
        while ((long) k * k * k / 4 < hostCount) {
            k += 2;
        }
        return k;
    }

    FatTree(int hostCount) {
        if (hostCount < 2) {
            throw new IllegalArgumentException("hosts " + hostCount + " must be at least 2");
        }
        this.k = arityFor(hostCount);
        int half = k / 2;
        int n = 0;
        core = new Node[half * half];
        for (int c = 0; c < core.length; c++) {
            core[c] = addSwitch(++n, 0);
        }
        agg = new Node[k][half];
        edge = new Node[k][half];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < half; j++) {
                agg[p][j] = addSwitch(++n, 1);
            }
            for (int i = 0; i < half; i++) {
                edge[p][i] = addSwitch(++n, 2);
                edge[p][i].pod = p;
            }
        }
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < half; j++) {
                    cable(edge[p][i], half + 1 + j, agg[p][j], 1 + i, FABRIC_LINK_BPS);
                }
            }
            for (int j = 0; j < half; j++) {
                for (int m = 0; m < half; m++) {
                    cable(agg[p][j], half + 1 + m, core[j * half + m], p + 1, FABRIC_LINK_BPS);
                }
            }
        }
        int edgeCount = k * half;
        for (int h = 0; h < hostCount; h++) {
            int e = h % edgeCount;
            Node sw = edge[e / half][e % half];
            int port = 1 + h / edgeCount;
            long ip = KernelIp.of(192, 168, 1 + h / 250, 1 + h % 250);
            Node host = new Node(true, "h" + (h + 1), 0, ip, 0x0200_0000_0000L + h + 1, 3);
            host.edgeSwitch = sw;
            host.edgePort = port;
            hosts.add(host);
            cable(sw, port, host, 0, HOST_LINK_BPS);
        }
    }

    private Node addSwitch(int n, int layer) {
        Node s = new Node(false, "s" + n, DPID_BASE + ((long) layer << 16) + n, KernelIp.of(10, 10, layer, n % 250), 0, layer);
        switches.add(s);
        return s;
    }

    /** Adds both directions of a cable. A host's side of a link has port 0, as the kernel reports. */
    private void cable(Node a, int aPort, Node b, int bPort, long bps) {
        addLink(new Link(a, aPort, b, bPort, bps));
        addLink(new Link(b, bPort, a, aPort, bps));
        portIndex.computeIfAbsent(a, x -> new HashMap<>()).put(b, aPort);
        portIndex.computeIfAbsent(b, x -> new HashMap<>()).put(a, bPort);
    }

    private void addLink(Link l) {
        links.add(l);
        linkIndex.computeIfAbsent(l.src, x -> new HashMap<>()).put(l.dst, l);
    }

    Link link(Node from, Node to) {
        return linkIndex.get(from).get(to);
    }

    /** The port on {@code from} that leads to {@code to}. */
    int port(Node from, Node to) {
        return portIndex.get(from).get(to);
    }

    /**
     * The node sequence from one host to another, up and down the tree. {@code choice} picks the
     * aggregation and core switch among the equal-cost ones (ECMP).
     */
    List<Node> route(Node src, Node dst, int choice) {
        int half = k / 2;
        List<Node> path = new ArrayList<>(7);
        path.add(src);
        Node es = src.edgeSwitch;
        Node ed = dst.edgeSwitch;
        path.add(es);
        if (es != ed) {
            int ps = es.pod;
            int pd = ed.pod;
            int j = Math.floorMod(choice, half);
            path.add(agg[ps][j]);
            if (ps != pd) {
                int m = Math.floorMod(choice / half, half);
                path.add(core[j * half + m]);
                path.add(agg[pd][j]);
            }
            path.add(ed);
        }
        path.add(dst);
        return path;
    }
}

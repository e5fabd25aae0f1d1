package org.nsr.sim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.nsr.record.codec.NdtwinKeys;

/**
 * The simulated network's state, advanced in whole simulated seconds, and its rendering as the
 * kernel's three JSON responses.
 *
 * <p>Each second: every active flow either ends (mean lifetime {@value #MEAN_LIFETIME_SECONDS} s)
 * or changes its rate by a random factor; ended flows stay listed for
 * {@value #LISTED_AFTER_LAST_SAMPLE_SECONDS} s after their last sample, with zero current rates;
 * new flows arrive until the target number is active again; then every link's usage and flow set
 * are recomputed from the active flows crossing it. Everything random comes from one generator
 * seeded once, so the same seed and the same sequence of seconds give the same bytes.
 *
 * <p>Thread-safe: all methods synchronise on the model. Responses are rendered at most once per
 * simulated second and endpoint, then served from the cache.
 */
final class NetworkModel {
    static final int LISTED_AFTER_LAST_SAMPLE_SECONDS = 15;
    static final int MEAN_LIFETIME_SECONDS = 30;
    /** A clock jump of more than this is not simulated second by second; the model skips ahead. */
    static final int MAX_CATCH_UP_STEPS = 600;
    private static final int[] SERVICE_PORTS = {80, 443, 5201, 22, 53, 8080, 9000};
    private static final long MIN_RATE_BPS = 8_000;
    private static final long MAX_RATE_BPS = 900_000_000;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final JsonFactory JSON = new JsonFactory();

    private final FatTree tree;
    private final int targetFlows;
    private final ZoneId zone;
    private final SplittableRandom random;
    private final List<SimFlow> listed = new ArrayList<>();
    private final Set<String> tuples = new HashSet<>();
    private long second;
    private byte[] flowsBody;
    private byte[] graphBody;
    private byte[] powerBody;

    NetworkModel(long seed, int hosts, int targetFlows, long startSecond, ZoneId zone) {
        if (targetFlows < 0) {
            throw new IllegalArgumentException("flows " + targetFlows + " must be at least 0");
        }
        this.tree = new FatTree(hosts);
        this.targetFlows = targetFlows;
        this.zone = zone;
        this.random = new SplittableRandom(seed);
        this.second = startSecond;
        arrive();
        recomputeLinks();
    }

    FatTree tree() {
        return tree;
    }

    /** Runs the model forward to {@code epochSecond} (never backwards). */
    synchronized void advanceTo(long epochSecond) {
        if (epochSecond <= second) {
            return;
        }
        if (epochSecond - second > MAX_CATCH_UP_STEPS) {
            second = epochSecond - MAX_CATCH_UP_STEPS;
        }
        while (second < epochSecond) {
            step();
        }
        flowsBody = null;
        graphBody = null;
        powerBody = null;
    }

    synchronized long second() {
        return second;
    }

    synchronized byte[] flowsBody() {
        if (flowsBody == null) {
            flowsBody = render(this::writeFlows);
        }
        return flowsBody;
    }

    synchronized byte[] graphBody() {
        if (graphBody == null) {
            graphBody = render(this::writeGraph);
        }
        return graphBody;
    }

    synchronized byte[] powerBody() {
        if (powerBody == null) {
            powerBody = render(this::writePower);
        }
        return powerBody;
    }

    synchronized int listedFlows() {
        return listed.size();
    }

    private void step() {
        second++;
        for (Iterator<SimFlow> it = listed.iterator(); it.hasNext();) {
            SimFlow f = it.next();
            f.previousRateBps = f.rateBps;
            f.previousPacketRate = f.packetRate;
            if (f.active) {
                if (random.nextInt(MEAN_LIFETIME_SECONDS) == 0) {
                    f.active = false;
                    f.rateBps = 0;
                    f.packetRate = 0;
                } else {
                    f.rateBps = clampRate(Math.round(f.rateBps * Math.exp(0.25 * random.nextGaussian())));
                    f.packetRate = packetRate(f.rateBps, f.protocol);
                    f.latestSampledSecond = second;
                }
            } else if (second - f.latestSampledSecond > LISTED_AFTER_LAST_SAMPLE_SECONDS) {
                it.remove();
                tuples.remove(tupleKey(f.srcIp, f.dstIp, f.srcPort, f.dstPort, f.protocol));
            }
        }
        arrive();
        recomputeLinks();
    }

    /** New flows until the target number is active. */
    private void arrive() {
        long active = listed.stream().filter(f -> f.active).count();
        for (long i = active; i < targetFlows; i++) {
            listed.add(newFlow());
        }
    }

    private SimFlow newFlow() {
        List<FatTree.Node> hosts = tree.hosts;
        FatTree.Node src = hosts.get(random.nextInt(hosts.size()));
        FatTree.Node dst = hosts.get(random.nextInt(hosts.size() - 1));
        if (dst == src) {
            dst = hosts.get(hosts.size() - 1);
        }
        int roll = random.nextInt(100);
        int protocol = roll < 80 ? 6 : roll < 95 ? 17 : 1;
        int srcPort;
        int dstPort;
        String key;
        do {
            if (protocol == 1) {
                srcPort = 8;                          // ICMP type: echo request
                dstPort = random.nextInt(2) == 0 ? 0 : random.nextInt(16); // ICMP code
            } else {
                srcPort = 32768 + random.nextInt(28232);
                dstPort = SERVICE_PORTS[random.nextInt(SERVICE_PORTS.length)];
            }
            key = tupleKey(src.ip, dst.ip, srcPort, dstPort, protocol);
            if (protocol == 1 && tuples.contains(key)) {
                protocol = 6;                         // ICMP tuples are few; fall back to a TCP flow
            }
        } while (tuples.contains(key));
        tuples.add(key);
        int half = tree.k / 2;
        List<FatTree.Node> path = tree.route(src, dst, random.nextInt(half * half));
        int[] interfaces = new int[path.size()];
        List<FatTree.Link> links = new ArrayList<>(path.size() - 1);
        for (int i = 0; i < path.size(); i++) {
            if (i == 0) {
                interfaces[i] = src.edgePort;         // as the kernel lists it: the attaching switch port
            } else if (i < path.size() - 1) {
                interfaces[i] = tree.port(path.get(i), path.get(i + 1));
            }
            if (i < path.size() - 1) {
                links.add(tree.link(path.get(i), path.get(i + 1)));
            }
        }
        SimFlow f = new SimFlow(src.ip, dst.ip, srcPort, dstPort, protocol, path, interfaces, links, second);
        double lo = Math.log(MIN_RATE_BPS);
        double hi = Math.log(protocol == 1 ? 100_000 : 200_000_000);
        f.rateBps = clampRate(Math.round(Math.exp(lo + random.nextDouble() * (hi - lo))));
        f.packetRate = packetRate(f.rateBps, protocol);
        return f;
    }

    private void recomputeLinks() {
        for (FatTree.Link l : tree.links) {
            l.usageBps = 0;
            l.flows.clear();
        }
        for (SimFlow f : listed) {
            if (f.active) {
                for (FatTree.Link l : f.links) {
                    l.usageBps += f.rateBps;
                    l.flows.add(f);
                }
            }
        }
    }

    private static long clampRate(long bps) {
        return Math.max(MIN_RATE_BPS, Math.min(MAX_RATE_BPS, bps));
    }

    private static long packetRate(long bps, int protocol) {
        int packetBytes = protocol == 6 ? 1500 : protocol == 17 ? 512 : 84;
        return Math.max(1, bps / (8L * packetBytes));
    }

    private static String tupleKey(long srcIp, long dstIp, int srcPort, int dstPort, int protocol) {
        return srcIp + ":" + srcPort + ">" + dstIp + ":" + dstPort + "/" + protocol;
    }

    private String localTime(long epochSecond) {
        return LOCAL_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), zone));
    }

    private interface BodyWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] render(BodyWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** GET /ndt/get_detected_flow_data: fields in the fixture's order. */
    private void writeFlows(JsonGenerator g) throws IOException {
        g.writeStartArray();
        for (SimFlow f : listed) {
            g.writeStartObject();
            g.writeNumberField(NdtwinKeys.DST_IP, f.dstIp);
            g.writeNumberField(NdtwinKeys.DST_PORT, f.dstPort);
            g.writeNumberField(NdtwinKeys.RATE_BPS, f.rateBps);
            g.writeNumberField(NdtwinKeys.PREVIOUS_RATE_BPS, f.previousRateBps);
            g.writeNumberField(NdtwinKeys.PACKET_RATE, f.packetRate);
            g.writeNumberField(NdtwinKeys.PREVIOUS_PACKET_RATE, f.previousPacketRate);
            g.writeStringField(NdtwinKeys.FIRST_SAMPLED_TIME, localTime(f.firstSampledSecond));
            g.writeStringField(NdtwinKeys.LATEST_SAMPLED_TIME, localTime(f.latestSampledSecond));
            g.writeArrayFieldStart(NdtwinKeys.PATH);
            for (int i = 0; i < f.path.size(); i++) {
                g.writeStartObject();
                g.writeNumberField(NdtwinKeys.PATH_INTERFACE, f.interfaces[i]);
                g.writeNumberField(NdtwinKeys.PATH_NODE, f.path.get(i).pathId());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField(NdtwinKeys.PROTOCOL_ID, f.protocol);
            g.writeNumberField(NdtwinKeys.SRC_IP, f.srcIp);
            g.writeNumberField(NdtwinKeys.SRC_PORT, f.srcPort);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** GET /ndt/get_graph_data: nodes then edges, fields in the fixture's order. */
    private void writeGraph(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart(NdtwinKeys.NODES);
        List<FatTree.Node> nodes = new ArrayList<>(tree.switches);
        nodes.addAll(tree.hosts);
        for (FatTree.Node n : nodes) {
            g.writeStartObject();
            g.writeStringField(NdtwinKeys.DEVICE_NAME, n.name);
            g.writeNumberField(NdtwinKeys.DPID, n.dpid);
            g.writeArrayFieldStart(NdtwinKeys.IP);
            g.writeNumber(n.ip);
            g.writeEndArray();
            g.writeBooleanField(NdtwinKeys.IS_ENABLED, true);
            g.writeBooleanField(NdtwinKeys.IS_UP, true);
            g.writeNumberField(NdtwinKeys.MAC, n.mac);
            g.writeNumberField(NdtwinKeys.VERTEX_TYPE, n.host ? 1 : 0);
            g.writeStringField(NdtwinKeys.BRAND_NAME, n.host ? "" : "OVS");
            g.writeNumberField(NdtwinKeys.DEVICE_LAYER, n.layer);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart(NdtwinKeys.EDGES);
        for (FatTree.Link l : tree.links) {
            g.writeStartObject();
            g.writeNumberField(NdtwinKeys.DST_DPID, l.dst.dpid);
            g.writeArrayFieldStart(NdtwinKeys.DST_IP);
            g.writeNumber(l.dst.ip);
            g.writeEndArray();
            g.writeNumberField(NdtwinKeys.DST_INTERFACE, l.dstPort);
            g.writeArrayFieldStart(NdtwinKeys.FLOW_SET);
            for (SimFlow f : l.flows) {
                g.writeStartObject();
                g.writeNumberField(NdtwinKeys.DST_IP, f.dstIp);
                g.writeNumberField(NdtwinKeys.DST_PORT, f.dstPort);
                g.writeNumberField(NdtwinKeys.PROTOCOL_NUMBER, f.protocol);
                g.writeNumberField(NdtwinKeys.SRC_IP, f.srcIp);
                g.writeNumberField(NdtwinKeys.SRC_PORT, f.srcPort);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField(NdtwinKeys.IS_ENABLED, true);
            g.writeBooleanField(NdtwinKeys.IS_UP, true);
            g.writeNumberField(NdtwinKeys.LEFT_LINK_BANDWIDTH_BPS, Math.max(0, l.bandwidthBps - l.usageBps));
            g.writeNumberField(NdtwinKeys.LINK_BANDWIDTH_BPS, l.bandwidthBps);
            g.writeNumberField(NdtwinKeys.LINK_BANDWIDTH_USAGE_BPS, l.usageBps);
            g.writeNumberField(NdtwinKeys.LINK_BANDWIDTH_UTILIZATION_PERCENT, l.usageBps * 100.0 / l.bandwidthBps);
            g.writeNumberField(NdtwinKeys.SRC_DPID, l.src.dpid);
            g.writeArrayFieldStart(NdtwinKeys.SRC_IP);
            g.writeNumber(l.src.ip);
            g.writeEndArray();
            g.writeNumberField(NdtwinKeys.SRC_INTERFACE, l.srcPort);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * GET /ndt/get_power_report. The fixtures have no sample of this endpoint, so the shape is the
     * simulator's own: per switch a base draw plus a part proportional to the traffic it forwards.
     */
    private void writePower(JsonGenerator g) throws IOException {
        double total = 0;
        g.writeStartObject();
        g.writeArrayFieldStart(NdtwinKeys.SWITCHES);
        for (FatTree.Node s : tree.switches) {
            long forwarded = 0;
            for (FatTree.Link l : tree.links) {
                if (l.src == s) {
                    forwarded += l.usageBps;
                }
            }
            double watts = 60.0 + forwarded * 2e-9;
            total += watts;
            g.writeStartObject();
            g.writeStringField(NdtwinKeys.DEVICE_NAME, s.name);
            g.writeNumberField(NdtwinKeys.DPID, s.dpid);
            g.writeNumberField(NdtwinKeys.POWER_WATTS, watts);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField(NdtwinKeys.TOTAL_POWER_WATTS, total);
        g.writeEndObject();
    }
}

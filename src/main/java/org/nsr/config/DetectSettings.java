package org.nsr.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The DDoS detector's thresholds, {@code Recorder.data.detect} (defaults in brackets). Every count is
 * over the sliding {@code window} [10 s].
 *
 * @param window the sliding window of the per-key rules
 * @param sourceFlows {@code source_flows}: flows from one source IP [2000]
 * @param scanPorts {@code scan_ports}: distinct destination ports from one source IP [100]
 * @param synFlows {@code syn_flows}: SYN-like TCP flows (≤ 3 packets of ≤ {@code syn_max_packet_bytes}) to one destination [1000]
 * @param synMaxPacketBytes {@code syn_max_packet_bytes}: the largest packet a SYN-only flow has [80]
 * @param amplificationBytes {@code amplification_bytes}: bytes of UDP from port 53 in packets ≥ 512 B to one destination [5 MB]
 * @param udpFlows {@code udp_flows}: UDP flows to one destination [1500]
 * @param httpFlows {@code http_flows}: TCP flows to port 80, 443 or 8080 of one destination [1500]
 * @param spikeSigmas {@code spike_sigmas}: k of the volume spike's mean + k·σ [4]
 * @param spikeBaseline {@code spike_baseline}: the recent time the baseline covers [10 min]
 * @param spikeMinBytes {@code spike_min_bytes}: a second below this many bytes is never a spike [1 MB]
 * @param quiet {@code quiet}: an alert ends when its rule has not fired for this long [30 s]
 */
public record DetectSettings(Duration window, long sourceFlows, long scanPorts, long synFlows, int synMaxPacketBytes,
        long amplificationBytes, long udpFlows, long httpFlows, double spikeSigmas, Duration spikeBaseline,
        long spikeMinBytes, Duration quiet) {

    public static DetectSettings defaults() {
        return new DetectSettings(Duration.ofSeconds(10), 2000, 100, 1000, 80, 5_000_000, 1500, 1500, 4,
                Duration.ofMinutes(10), 1_000_000, Duration.ofSeconds(30));
    }

    /** Reads the node; the defaults when the file has none. */
    public static DetectSettings read(ConfigNode node) throws ConfigException {
        DetectSettings d = defaults();
        if (node == null) {
            return d;
        }
        DetectSettings s = new DetectSettings(
                node.duration("window", d.window(), ChronoUnit.SECONDS, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                node.intValue("source_flows", (int) d.sourceFlows(), 1, Integer.MAX_VALUE),
                node.intValue("scan_ports", (int) d.scanPorts(), 2, 65_536),
                node.intValue("syn_flows", (int) d.synFlows(), 1, Integer.MAX_VALUE),
                node.intValue("syn_max_packet_bytes", d.synMaxPacketBytes(), 40, 1500),
                node.byteSize("amplification_bytes", d.amplificationBytes(), 1, Long.MAX_VALUE),
                node.intValue("udp_flows", (int) d.udpFlows(), 1, Integer.MAX_VALUE),
                node.intValue("http_flows", (int) d.httpFlows(), 1, Integer.MAX_VALUE),
                node.intValue("spike_sigmas", (int) d.spikeSigmas(), 1, 100),
                node.duration("spike_baseline", d.spikeBaseline(), ChronoUnit.MINUTES, Duration.ofMinutes(1),
                        Duration.ofHours(1)),
                node.byteSize("spike_min_bytes", d.spikeMinBytes(), 0, Long.MAX_VALUE),
                node.duration("quiet", d.quiet(), ChronoUnit.SECONDS, Duration.ofSeconds(1), Duration.ofHours(1)));
        node.rejectUnknownKeys();
        return s;
    }
}

package org.nsr.source.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nsr.config.ConfigException;

class GeneratorConfigParserTest {
    @TempDir
    Path dir;

    @Test
    void fullFlowgenFileIsReadIntoTheConfig() throws Exception {
        GeneratorConfig c = GenTesting.config(dir, """
                generation:
                  max_flows: 5000
                  duration_seconds: 2.5
                  rate:
                    flows_per_second: 250000
                  start_timestamp: 1700000000
                  bidirectional_mode: random
                  bidirectional_probability: 0.25
                traffic_patterns:
                  - type: web_traffic
                    percentage: 60.5
                  - type: dns_traffic
                    percentage: 39.5
                network:
                  source_subnets: [192.168.0.0/16, 10.10.0.0/16]
                  source_weights: [3, 1]
                  destination_subnets: [203.0.113.0/24]
                packets:
                  min_size: 100
                  max_size: 1400
                  average_size: 700
                """);
        assertEquals(5000, c.maxFlows());
        assertEquals(2_500_000_000L, c.durationNanos());
        assertEquals(250_000, c.flowsPerSecond());
        assertEquals(4000.0, c.intervalNanos());
        assertEquals(1_700_000_000_000_000_000L, c.startTimestampNanos());
        assertEquals(0.25, c.bidirectionalProbability());
        assertEquals(List.of(new TrafficShare(TrafficType.WEB, 60.5), new TrafficShare(TrafficType.DNS, 39.5)),
                c.trafficPatterns());
        assertEquals(List.of(Subnet.parse("192.168.0.0/16"), Subnet.parse("10.10.0.0/16")), c.sourceSubnets());
        assertEquals(List.of(3.0, 1.0), c.sourceWeights());
        assertEquals(List.of(Subnet.parse("203.0.113.0/24")), c.destinationSubnets());
        assertEquals(new PacketSizes(100, 1400, 700), c.packets());
    }

    @Test
    void bandwidthIsTurnedIntoFlowsPerSecondByAveragePacketSize() throws Exception {
        GeneratorConfig c = GenTesting.config(dir, "generation:\n  rate: {bandwidth_gbps: 40}\n");
        assertEquals(40e9 / 8 / 800, c.flowsPerSecond(), 1e-6);
        assertEquals(160.0, c.intervalNanos(), 1e-9);
    }

    @Test
    void emptyFileAndBuiltInDefaultAgree() throws Exception {
        assertEquals(GeneratorConfig.defaults(), GenTesting.config(dir, ""));
        GeneratorConfig d = GeneratorConfig.defaults();
        assertEquals(100.0, d.trafficPatterns().stream().mapToDouble(TrafficShare::percentage).sum());
        assertEquals(640.0, d.intervalNanos(), 1e-9); // 10 Gbps at 800-byte packets, as flowgen
        assertEquals(0.0, d.bidirectionalProbability());
    }

    @Test
    void modeNoneIgnoresTheProbability() throws Exception {
        GeneratorConfig c = GenTesting.config(dir, "generation:\n  bidirectional_mode: none\n  bidirectional_probability: 0.9\n");
        assertEquals(0.0, c.bidirectionalProbability());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "percentages not adding up|traffic_patterns:\\n  - {type: web_traffic, percentage: 50}\\n  - {type: dns_traffic, percentage: 40}"
                + "|traffic_patterns: percentages add up to 90 (web_traffic 50 + dns_traffic 40); expected 100",
        "unknown traffic type|traffic_patterns:\\n  - {type: video, percentage: 100}"
                + "|traffic_patterns[0].type: 'video' is not one of: web_traffic, dns_traffic",
        "type listed twice|traffic_patterns:\\n  - {type: random, percentage: 50}\\n  - {type: random, percentage: 50}"
                + "|traffic_patterns[1].type: 'random' is listed twice",
        "missing percentage|traffic_patterns:\\n  - {type: random}|traffic_patterns[0].percentage: missing",
        "negative percentage|traffic_patterns:\\n  - {type: random, percentage: -5}|traffic_patterns[0].percentage: '-5' is out of range",
        "malformed subnet|network:\\n  source_subnets: [192.168.0.0/16, 10.0.0/8]"
                + "|network.source_subnets[1]: '10.0.0/8' is not an IPv4 subnet; expected a.b.c.d/prefix",
        "octet over 255|network:\\n  destination_subnets: [300.1.1.0/24]|network.destination_subnets[0]: '300.1.1.0/24' is not an IPv4 subnet",
        "prefix over 32|network:\\n  destination_subnets: [10.0.0.0/33]|network.destination_subnets[0]: '10.0.0.0/33'",
        "weights not matching subnets|network:\\n  source_weights: [1, 2, 3]|network.source_weights: 3 weights for 2 source subnets",
        "negative weight|network:\\n  source_weights: [1, -2]|network.source_weights[1]: '-2' is not a weight",
        "negative max_flows|generation:\\n  max_flows: -5|generation.max_flows: '-5' is out of range; expected a whole number from 0",
        "text max_flows|generation:\\n  max_flows: lots|generation.max_flows: 'lots' is not a whole number",
        "zero duration|generation:\\n  duration_seconds: 0|generation.duration_seconds: '0' is out of range",
        "both rates|generation:\\n  rate: {flows_per_second: 10, bandwidth_gbps: 1}|generation.rate: both flows_per_second and bandwidth_gbps are set",
        "negative rate|generation:\\n  rate: {flows_per_second: -10}|generation.rate.flows_per_second: '-10' is out of range",
        "bad mode|generation:\\n  bidirectional_mode: sometimes|generation.bidirectional_mode: 'sometimes' is not one of: none, random",
        "probability over 1|generation:\\n  bidirectional_probability: 1.5|generation.bidirectional_probability: '1.5' is out of range",
        "bad start|generation:\\n  start_timestamp: yesterday|generation.start_timestamp: 'yesterday' is not a start time",
        "misspelled key|generation:\\n  max_flow: 10|generation.max_flow: unknown key; expected one of: max_flows",
        "unknown top-level key|output:\\n  format: csv|output: unknown key",
        "average outside min and max|packets: {min_size: 100, max_size: 200, average_size: 300}"
                + "|packets.average_size: 300 is outside min_size..max_size (100..200)",
        "negative packet size|packets: {min_size: -1}|packets.min_size: '-1' is out of range",
    })
    void badValuesAreRefusedNamingFileKeyPathAndExpectation(String what, String yaml, String message) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> GeneratorConfigParser.load(file), what);
        assertTrue(e.getMessage().startsWith("generator config " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
    }

    @Test
    void missingFileAndBrokenYamlAreOneLineErrors() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> GeneratorConfigParser.load(dir.resolve("nope.yaml")));
        assertEquals("generator config " + dir.resolve("nope.yaml") + ": file not found", missing.getMessage());

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "generation: [unclosed\n");
        ConfigException yaml = assertThrows(ConfigException.class, () -> GeneratorConfigParser.load(broken));
        assertTrue(yaml.getMessage().startsWith("generator config " + broken + ": not valid YAML"), yaml.getMessage());
        assertTrue(!yaml.getMessage().contains("\n"), yaml.getMessage());

        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- a\n- b\n");
        ConfigException notMap = assertThrows(ConfigException.class, () -> GeneratorConfigParser.load(list));
        assertTrue(notMap.getMessage().contains("expected a mapping"), notMap.getMessage());
    }
}

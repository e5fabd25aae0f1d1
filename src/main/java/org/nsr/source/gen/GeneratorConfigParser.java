package org.nsr.source.gen;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a flowgen YAML file into a {@link GeneratorConfig}. Every section is optional and falls
 * back on {@link GeneratorConfig#defaults()}; every key present is checked, unknown keys are
 * refused, and each error names the file, the key path, the bad value and what was expected.
 */
public final class GeneratorConfigParser {
    private static final double PERCENT_TOLERANCE = 1e-6;
    /** Per-stream sequences have 40 bits; a trillion flows is far beyond any run. */
    static final long MAX_FLOWS = 1_000_000_000_000L;

    private GeneratorConfigParser() {
    }

    /** Loads and validates {@code file}. */
    public static GeneratorConfig load(Path file) throws ConfigException {
        Object doc;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException("generator config " + file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException("generator config " + file + ": cannot read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException("generator config " + file + ": not valid YAML: "
                    + e.getMessage().replace('\n', ' '));
        }
        if (doc == null) {
            return GeneratorConfig.defaults();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException("generator config " + file + ": expected a mapping with generation, "
                    + "traffic_patterns, network and packets; found " + describe(doc));
        }
        try {
            return parse(new ConfigNode("", map));
        } catch (ConfigException e) {
            throw new ConfigException("generator config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a flowgen document already parsed into a mapping. */
    public static GeneratorConfig parse(ConfigNode root) throws ConfigException {
        GeneratorConfig d = GeneratorConfig.defaults();

        PacketSizes packets = packets(root.child("packets"), d.packets());
        List<TrafficShare> patterns = root.has("traffic_patterns")
                ? trafficPatterns(root) : d.trafficPatterns();
        root.raw("traffic_patterns");

        List<Subnet> sources = d.sourceSubnets();
        List<Double> weights = d.sourceWeights();
        List<Subnet> destinations = d.destinationSubnets();
        ConfigNode network = root.child("network");
        if (network != null) {
            if (network.has("source_subnets")) {
                sources = subnets(network, "source_subnets");
                weights = equalWeights(sources.size());
            }
            if (network.has("source_weights")) {
                weights = weights(network, sources.size());
            }
            network.raw("source_weights");
            if (network.has("destination_subnets")) {
                destinations = subnets(network, "destination_subnets");
            }
            network.raw("destination_subnets");
            network.rejectUnknownKeys();
        }

        long maxFlows = d.maxFlows();
        long durationNanos = d.durationNanos();
        double flowsPerSecond = GeneratorConfig.flowsPerSecondFor(GeneratorConfig.DEFAULT_BANDWIDTH_GBPS,
                packets.averageSize());
        long start = d.startTimestampNanos();
        double bidirectional = d.bidirectionalProbability();
        ConfigNode gen = root.child("generation");
        if (gen != null) {
            maxFlows = gen.longValue("max_flows", -1, 0, MAX_FLOWS);
            double seconds = gen.doubleValue("duration_seconds", -1, 0.001, 1_000_000);
            durationNanos = seconds < 0 ? -1 : Math.round(seconds * 1e9);
            ConfigNode rate = gen.child("rate");
            if (rate != null) {
                flowsPerSecond = rate(rate, packets.averageSize());
            }
            start = startTimestamp(gen);
            String mode = gen.oneOf("bidirectional_mode", "none", "none", "random");
            double p = gen.doubleValue("bidirectional_probability", 0.5, 0.0, 1.0);
            bidirectional = mode.equals("random") ? p : 0.0;
            gen.rejectUnknownKeys();
        }
        root.rejectUnknownKeys();
        return new GeneratorConfig(maxFlows, durationNanos, flowsPerSecond, start, bidirectional, patterns,
                sources, weights, destinations, packets);
    }

    private static PacketSizes packets(ConfigNode node, PacketSizes d) throws ConfigException {
        if (node == null) {
            return d;
        }
        int min = node.intValue("min_size", d.minSize(), 1, 65535);
        int max = node.intValue("max_size", d.maxSize(), 1, 65535);
        int avg = node.intValue("average_size", Math.max(min, Math.min(max, d.averageSize())), 1, 65535);
        node.rejectUnknownKeys();
        if (min > max) {
            throw new ConfigException(node.pathOf("min_size") + ": " + min + " is larger than max_size " + max
                    + "; expected min_size <= average_size <= max_size");
        }
        if (avg < min || avg > max) {
            throw new ConfigException(node.pathOf("average_size") + ": " + avg + " is outside min_size..max_size ("
                    + min + ".." + max + "); expected min_size <= average_size <= max_size");
        }
        return new PacketSizes(min, max, avg);
    }

    private static List<TrafficShare> trafficPatterns(ConfigNode root) throws ConfigException {
        List<ConfigNode> entries = root.children("traffic_patterns");
        if (entries.isEmpty()) {
            throw new ConfigException(root.pathOf("traffic_patterns")
                    + ": empty; expected a list of {type, percentage} adding up to 100");
        }
        List<TrafficShare> out = new ArrayList<>();
        Set<TrafficType> seen = EnumSet.noneOf(TrafficType.class);
        double sum = 0;
        StringBuilder terms = new StringBuilder();
        for (ConfigNode e : entries) {
            if (!e.has("type")) {
                throw new ConfigException(e.pathOf("type") + ": missing; expected one of: "
                        + String.join(", ", TrafficType.configNames()));
            }
            TrafficType type = TrafficType.fromConfigName(e.oneOf("type", null, TrafficType.configNames()));
            if (!e.has("percentage")) {
                throw new ConfigException(e.pathOf("percentage") + ": missing; expected a number from 0 to 100");
            }
            double pct = e.doubleValue("percentage", 0, 0, 100);
            e.rejectUnknownKeys();
            if (!seen.add(type)) {
                throw new ConfigException(e.pathOf("type") + ": '" + type.configName()
                        + "' is listed twice; expected each type at most once");
            }
            sum += pct;
            terms.append(terms.length() == 0 ? "" : " + ").append(type.configName()).append(' ').append(number(pct));
            out.add(new TrafficShare(type, pct));
        }
        if (Math.abs(sum - 100) > PERCENT_TOLERANCE) {
            throw new ConfigException(root.pathOf("traffic_patterns") + ": percentages add up to " + number(sum)
                    + " (" + terms + "); expected 100");
        }
        return out;
    }

    private static List<Subnet> subnets(ConfigNode node, String key) throws ConfigException {
        List<String> texts = node.strings(key);
        if (texts.isEmpty()) {
            throw new ConfigException(node.pathOf(key) + ": empty; expected at least one subnet such as 192.168.0.0/16");
        }
        List<Subnet> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Subnet s = Subnet.parse(texts.get(i));
            if (s == null) {
                throw new ConfigException(node.pathOf(key) + "[" + i + "]: '" + texts.get(i)
                        + "' is not an IPv4 subnet; expected a.b.c.d/prefix such as 192.168.0.0/16");
            }
            out.add(s);
        }
        return out;
    }

    private static List<Double> weights(ConfigNode node, int subnetCount) throws ConfigException {
        List<String> texts = node.strings("source_weights");
        String path = node.pathOf("source_weights");
        if (texts.size() != subnetCount) {
            throw new ConfigException(path + ": " + texts.size() + " weights for " + subnetCount
                    + " source subnets; expected one weight per entry of source_subnets");
        }
        List<Double> out = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < texts.size(); i++) {
            double w;
            try {
                w = Double.parseDouble(texts.get(i));
            } catch (NumberFormatException e) {
                w = Double.NaN;
            }
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new ConfigException(path + "[" + i + "]: '" + texts.get(i)
                        + "' is not a weight; expected a number of at least 0");
            }
            sum += w;
            out.add(w);
        }
        if (sum <= 0) {
            throw new ConfigException(path + ": all weights are 0; expected at least one positive weight");
        }
        return out;
    }

    private static List<Double> equalWeights(int n) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(1.0);
        }
        return out;
    }

    private static double rate(ConfigNode rate, int averagePacketSize) throws ConfigException {
        boolean fps = rate.has("flows_per_second");
        boolean bw = rate.has("bandwidth_gbps");
        double flows = rate.doubleValue("flows_per_second", 0, 0.001, 1e10);
        double gbps = rate.doubleValue("bandwidth_gbps", 0, 0.000001, 100_000);
        rate.rejectUnknownKeys();
        if (fps && bw) {
            throw new ConfigException(rate.path() + ": both flows_per_second and bandwidth_gbps are set; expected one of them");
        }
        if (fps) {
            return flows;
        }
        if (bw) {
            return GeneratorConfig.flowsPerSecondFor(gbps, averagePacketSize);
        }
        throw new ConfigException(rate.path() + ": empty; expected flows_per_second or bandwidth_gbps");
    }

    private static long startTimestamp(ConfigNode gen) throws ConfigException {
        Object v = gen.raw("start_timestamp");
        if (v == null) {
            return GeneratorConfig.DEFAULT_START_SECONDS * 1_000_000_000L;
        }
        if ("now".equals(v)) {
            return System.currentTimeMillis() / 1000 * 1_000_000_000L;
        }
        if ((v instanceof Integer || v instanceof Long || v instanceof Double) && ((Number) v).doubleValue() >= 0
                && ((Number) v).doubleValue() < 9.2e9) {
            return v instanceof Double dbl ? Math.round(dbl * 1e9) : ((Number) v).longValue() * 1_000_000_000L;
        }
        throw new ConfigException(gen.pathOf("start_timestamp") + ": '" + v
                + "' is not a start time; expected epoch seconds (such as 1704067200) or \"now\"");
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String describe(Object doc) {
        return doc instanceof List ? "a list" : "'" + doc + "'";
    }
}

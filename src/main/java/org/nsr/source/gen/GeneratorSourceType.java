package org.nsr.source.gen;

import java.nio.file.Path;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.source.SourceSpec;
import org.nsr.source.SourceType;

/**
 * {@code type: generator}: synthetic flows for demonstrating and load-testing the recorder without
 * a network. Keys:
 * <ul>
 *   <li>{@code threads} generator threads (default 2, 1..256);</li>
 *   <li>{@code rate} flows per second over all threads, or {@code unlimited} (default 1000);</li>
 *   <li>{@code seed} random seed (default: a new one at every start);</li>
 *   <li>{@code config} a flowgen YAML file, relative to the recorder config's folder (default: built-in).
 *       Its traffic mix, networks, packet sizes, bidirectional mode, {@code max_flows} and
 *       {@code duration_seconds} apply; its rate and start time do not, since records carry wall-clock time.</li>
 * </ul>
 */
public final class GeneratorSourceType implements SourceType {
    public static final String NAME = "generator";
    static final int DEFAULT_THREADS = 2;
    static final double DEFAULT_RATE = 1000;
    static final double MAX_RATE = 1e9;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException {
        int threads = node.intValue("threads", DEFAULT_THREADS, 1, 256);
        double rate = rate(node);
        Long seed = node.has("seed") ? node.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE) : null;
        node.raw("seed");
        GeneratorConfig config = GeneratorConfig.defaults();
        String file = node.string("config", null);
        if (file != null) {
            Path path = defaults.configDir() == null ? Path.of(file) : defaults.configDir().resolve(file);
            try {
                config = GeneratorConfigParser.load(path);
            } catch (ConfigException e) {
                throw new ConfigException(node.pathOf("config") + ": " + e.getMessage(), e);
            }
        }
        node.rejectUnknownKeys();
        return new GeneratorSourceSpec(name, threads, rate, seed, config);
    }

    /** Flows per second, or a negative value for unlimited. */
    private static double rate(ConfigNode node) throws ConfigException {
        Object v = node.raw("rate");
        if (v instanceof String s && s.equalsIgnoreCase("unlimited")) {
            return GeneratorSourceSpec.UNLIMITED;
        }
        if (v != null && !(v instanceof Number)) {
            throw new ConfigException(node.pathOf("rate") + ": '" + v
                    + "' is not a rate; expected flows per second (a number above 0) or \"unlimited\"");
        }
        double rate = v == null ? DEFAULT_RATE : ((Number) v).doubleValue();
        if (!(rate > 0) || rate > MAX_RATE) {
            throw new ConfigException(node.pathOf("rate") + ": '" + v
                    + "' is out of range; expected flows per second above 0 and at most 1e9, or \"unlimited\"");
        }
        return rate;
    }
}

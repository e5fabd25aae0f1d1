package org.nsr.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One YAML mapping being read into typed settings, with the key path it sits at.
 *
 * <p>Every getter records the key as understood, and {@link #rejectUnknownKeys()} then refuses
 * whatever was not read, so a misspelled key is an error instead of a silent default. Every error
 * names the full key path, the bad value and what was expected.
 */
public final class ConfigNode {
    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?");

    private final String path;
    private final Map<String, Object> values;
    private final Set<String> understood = new LinkedHashSet<>();

    public ConfigNode(String path, Map<?, ?> values) {
        this.path = path;
        this.values = new LinkedHashMap<>();
        values.forEach((k, v) -> this.values.put(String.valueOf(k), v));
    }

    /** The key path of this mapping, e.g. {@code Recorder.data.sources[1]}. */
    public String path() {
        return path;
    }

    /** The full path of a key in this mapping. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    /** The raw YAML value, marking the key understood; null when absent. */
    public Object raw(String key) {
        understood.add(key);
        return values.get(key);
    }

    public String string(String key) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            throw new ConfigException(pathOf(key) + ": missing; expected a value");
        }
        return scalarText(key, v);
    }

    public String string(String key, String fallback) throws ConfigException {
        Object v = raw(key);
        return v == null ? fallback : scalarText(key, v);
    }

    public String oneOf(String key, String fallback, String... allowed) throws ConfigException {
        String v = string(key, fallback);
        if (v == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new ConfigException(pathOf(key) + ": '" + v + "' is not one of: " + String.join(", ", allowed));
    }

    public boolean bool(String key, boolean fallback) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(pathOf(key) + ": '" + v + "' is not a boolean; expected true or false");
    }

    public long longValue(String key, long fallback, long min, long max) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Integer || v instanceof Long) {
            n = ((Number) v).longValue();
        } else if (v instanceof java.math.BigInteger) {
            throw outOfRange(key, v, min, max);
        } else {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a whole number; expected "
                    + rangeText(min, max));
        }
        if (n < min || n > max) {
            throw outOfRange(key, v, min, max);
        }
        return n;
    }

    public int intValue(String key, int fallback, int min, int max) throws ConfigException {
        return (int) longValue(key, fallback, min, max);
    }

    public double doubleValue(String key, double fallback, double min, double max) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number num)) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a number; expected a number from "
                    + min + " to " + max);
        }
        double d = num.doubleValue();
        if (Double.isNaN(d) || d < min || d > max) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is out of range; expected a number from "
                    + min + " to " + max);
        }
        return d;
    }

    /**
     * A duration: a string with a unit ({@code "250ms"}, {@code "30s"}, {@code "2m"}) or a bare
     * number in {@code bareUnit}, as the original setting file wrote them.
     */
    public Duration duration(String key, Duration fallback, ChronoUnit bareUnit, Duration min, Duration max)
            throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        Duration d = v instanceof Number || v instanceof String ? Durations.parse(String.valueOf(v), bareUnit) : null;
        if (d == null) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a duration; expected a number of "
                    + bareUnit.toString().toLowerCase(Locale.ROOT) + " or a string such as \"250ms\", \"30s\", \"2m\"");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is out of range; expected from "
                    + Durations.format(min) + " to " + Durations.format(max));
        }
        return d;
    }

    /** A size in bytes: a number, or a string such as {@code "64MB"} or {@code "50GB"} (powers of 1000; KiB/MiB/GiB for 1024). */
    public long byteSize(String key, long fallback, long min, long max) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        Long n = v instanceof Integer || v instanceof Long ? Long.valueOf(((Number) v).longValue())
                : v instanceof String s ? parseByteSize(s) : null;
        if (n == null) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a size; expected a number of bytes or a string such as \"64MB\"");
        }
        if (n < min || n > max) {
            throw outOfRange(key, v, min, max);
        }
        return n;
    }

    static Long parseByteSize(String text) {
        Matcher m = BYTE_SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long mult = switch (unit) {
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> 1L;
        };
        return (long) (amount * mult);
    }

    /** A nested mapping, or null when the key is absent. */
    public ConfigNode child(String key) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a mapping; expected keys and values");
        }
        return new ConfigNode(pathOf(key), m);
    }

    /** A list of mappings; empty when the key is absent. Each element's path is {@code key[i]}. */
    public List<ConfigNode> children(String key) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a list; expected a list of mappings");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            String p = pathOf(key) + "[" + i + "]";
            if (!(e instanceof Map<?, ?> m)) {
                throw new ConfigException(p + ": '" + e + "' is not a mapping; expected keys and values");
            }
            out.add(new ConfigNode(p, m));
        }
        return out;
    }

    /** A list of scalars; empty when absent. */
    public List<String> strings(String key) throws ConfigException {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a list; expected a list of values");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (e == null || e instanceof Map || e instanceof List) {
                throw new ConfigException(pathOf(key) + "[" + i + "]: '" + e + "' is not a single value");
            }
            out.add(String.valueOf(e));
        }
        return out;
    }

    /** A mapping of scalar values (e.g. HTTP headers); empty when absent. */
    public Map<String, String> stringMap(String key) throws ConfigException {
        ConfigNode c = child(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (c == null) {
            return out;
        }
        for (String k : c.values.keySet()) {
            out.put(k, c.string(k));
        }
        return out;
    }

    /** Refuses any key that no getter has read. Call it after reading everything. */
    public void rejectUnknownKeys() throws ConfigException {
        for (String key : values.keySet()) {
            if (!understood.contains(key)) {
                throw new ConfigException(pathOf(key) + ": unknown key; expected one of: "
                        + String.join(", ", understood));
            }
        }
    }

    /** Refuses unknown keys, listing the allowed ones; for mappings whose keys are read conditionally. */
    public void rejectKeysOtherThan(String... allowed) throws ConfigException {
        Set<String> ok = new LinkedHashSet<>(Arrays.asList(allowed));
        for (String key : values.keySet()) {
            if (!ok.contains(key)) {
                throw new ConfigException(pathOf(key) + ": unknown key; expected one of: " + String.join(", ", ok));
            }
        }
        understood.addAll(ok);
    }

    private String scalarText(String key, Object v) throws ConfigException {
        if (v instanceof Map || v instanceof List) {
            throw new ConfigException(pathOf(key) + ": '" + v + "' is not a single value");
        }
        return String.valueOf(v);
    }

    private ConfigException outOfRange(String key, Object v, long min, long max) {
        return new ConfigException(pathOf(key) + ": '" + v + "' is out of range; expected " + rangeText(min, max));
    }

    private static String rangeText(long min, long max) {
        return max == Long.MAX_VALUE ? "a whole number of at least " + min : "a whole number from " + min + " to " + max;
    }
}

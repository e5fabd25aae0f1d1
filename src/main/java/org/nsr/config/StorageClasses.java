package org.nsr.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code classes:} setting: storage classes after the Time Machine's Fifo classes. Each record
 * goes to the class of highest precedence whose {@code match} it meets, else to the one class
 * without {@code match}; each class is its own set of rotated files with its own retention, and
 * may keep only the first {@code cutoff} records of a connection per file.
 *
 * @param classes by precedence, highest first; the catch-all (no match) last. Empty: not configured,
 *     the recorder writes as it always did.
 */
public record StorageClasses(List<StorageClass> classes) {
    /** No {@code classes:} key: one file set per source, the original names, no routing. */
    public static final StorageClasses NONE = new StorageClasses(List.of());
    /** The keys of one class entry. */
    static final String[] CLASS_KEYS = {"name", "match", "precedence", "cutoff", "retention"};

    public StorageClasses {
        classes = List.copyOf(classes);
    }

    public boolean configured() {
        return !classes.isEmpty();
    }

    /** The class records that match no other class go to. */
    public StorageClass catchAll() {
        return classes.get(classes.size() - 1);
    }

    /**
     * One class.
     *
     * @param match what a record's flows must meet; null for the catch-all
     * @param cutoff keep at most this many records of one connection per file; 0 for no cutoff
     * @param retentionMaxAge the class's own {@code retention.max_age}; null: the recorder's retention applies
     * @param retentionMaxBytes the class's own {@code retention.max_total_size}; -1 for none
     */
    public record StorageClass(String name, ClassMatch match, int precedence, long cutoff, Duration retentionMaxAge,
            long retentionMaxBytes) {
        public boolean ownRetention() {
            return retentionMaxAge != null || retentionMaxBytes >= 0;
        }
    }

    /** Reads {@code classes} from {@code data}; absent is {@link #NONE}. */
    static StorageClasses read(ConfigNode data) throws ConfigException {
        if (!data.has("classes")) {
            return NONE;
        }
        Object raw = data.raw("classes");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(data.pathOf("classes") + ": '" + raw + "' is not a list of classes; expected "
                    + "e.g. [{name: dns, match: {protocol: udp, port: 53}, precedence: 10}, {name: default}]");
        }
        List<StorageClass> matched = new ArrayList<>();
        StorageClass catchAll = null;
        Map<String, String> names = new HashMap<>();
        Map<Integer, String> precedences = new HashMap<>();
        for (ConfigNode entry : data.children("classes")) {
            entry.rejectKeysOtherThan(CLASS_KEYS);
            String name = entry.string("name");
            if (!RecorderConfigLoader.SAFE_NAME.matcher(name).matches()) {
                throw new ConfigException(entry.pathOf("name") + ": '" + name + "' is not a safe file name part; "
                        + "expected 1-64 letters, digits, '_' or '-', starting with a letter or digit");
            }
            if (names.put(name, name) != null) {
                throw new ConfigException(entry.pathOf("name") + ": '" + name + "' is used by another class; "
                        + "expected unique class names");
            }
            ClassMatch match = entry.has("match") ? ClassMatch.read(entry.child("match")) : null;
            if (match == null && entry.has("precedence")) {
                throw new ConfigException(entry.pathOf("precedence") + ": '" + entry.raw("precedence") + "' on class '"
                        + name + "', which has no match; expected precedence only on classes with a match (the "
                        + "class without one takes what no other class takes)");
            }
            int precedence = entry.intValue("precedence", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
            long cutoff = entry.longValue("cutoff", 0, 1, Long.MAX_VALUE);
            Duration maxAge = null;
            long maxBytes = -1;
            ConfigNode retention = entry.child("retention");
            if (retention != null) {
                retention.rejectKeysOtherThan("max_age", "max_total_size");
                maxAge = retention.duration("max_age", null, ChronoUnit.DAYS, Duration.ofMinutes(1),
                        Duration.ofDays(36_500));
                maxBytes = retention.byteSize("max_total_size", -1, 1, Long.MAX_VALUE);
            }
            StorageClass c = new StorageClass(name, match, precedence, cutoff, maxAge, maxBytes);
            if (match == null) {
                if (catchAll != null) {
                    throw new ConfigException(entry.pathOf("match") + ": missing on class '" + name + "', and class '"
                            + catchAll.name() + "' has none either; expected exactly one class without match, for "
                            + "the records no other class takes");
                }
                catchAll = c;
                continue;
            }
            String other = precedences.put(precedence, name);
            if (other != null) {
                throw new ConfigException(entry.pathOf("precedence") + ": " + precedence + " is also the precedence "
                        + "of class '" + other + "'; expected distinct precedences, so a record that matches both "
                        + "has one class");
            }
            matched.add(c);
        }
        if (catchAll == null) {
            throw new ConfigException(data.pathOf("classes") + ": every class has a match; expected one class "
                    + "without match (e.g. {name: default}) for the records that match no class");
        }
        matched.sort(Comparator.comparingInt(StorageClass::precedence).reversed());
        List<StorageClass> all = new ArrayList<>(matched);
        all.add(catchAll);
        return new StorageClasses(all);
    }
}

package org.nsr.layout;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a recording directory says about itself ({@code .nsr/recording.json}, see
 * {@link ManifestFile}): the zone its file names are stamped in, its storage interval and its
 * sources, each with its type and line kind. Immutable.
 *
 * <p>Every start of the recorder merges itself in: a (zone, interval) pair and each (name, type,
 * line kind) source are kept once, with the first and the last start that used them. Nothing is
 * ever dropped, so a source removed from the config stays listed (its files are still there), a
 * source whose type changed appears twice, and a recording whose zone or interval changed between
 * runs lists every pair it used. The last layout is the current one.
 *
 * <p>{@link #coversEveryFile()} is false when some files may have been written without this
 * manifest knowing their zone: the directory already held recording files when the manifest was
 * first written (an old NSR, the original Python recorder), or an unreadable manifest was replaced.
 * Readers then ignore the zones and fall back to their zone-free rules.
 */
public record RecordingManifest(int formatVersion, boolean coversEveryFile, List<Layout> layouts,
        List<Source> sources) {
    /** The format this code writes and reads; a manifest with a higher one is not understood. */
    public static final int FORMAT_VERSION = 1;

    public RecordingManifest {
        layouts = List.copyOf(layouts);
        sources = List.copyOf(sources);
        if (layouts.isEmpty()) {
            throw new IllegalArgumentException("a manifest has at least one layout");
        }
    }

    /** A zone and storage interval used by the recorder from {@code firstStarted} to {@code lastStarted}. */
    public record Layout(ZoneId fileZone, Duration storageInterval, Instant firstStarted, Instant lastStarted) {
        public Layout {
            Objects.requireNonNull(fileZone, "fileZone");
            Objects.requireNonNull(storageInterval, "storageInterval");
        }
    }

    /** A source by name, with the type and line kind it had from {@code firstStarted} to {@code lastStarted}. */
    public record Source(String name, String type, String lineKind, Instant firstStarted, Instant lastStarted) {
    }

    /** One configured source as the recorder starts it. */
    public record SourceKind(String name, String type, String lineKind) {
    }

    /** The earliest and latest instant (epoch ns) a file name's stamp can stand for. */
    public record StartBounds(long earliestNanos, long latestNanos) {
    }

    /** The manifest of a first start. */
    public static RecordingManifest first(Instant at, ZoneId zone, Duration interval, List<SourceKind> sources,
            boolean coversEveryFile) {
        return new RecordingManifest(FORMAT_VERSION, coversEveryFile, List.of(new Layout(zone, interval, at, at)),
                List.of()).withStart(at, zone, interval, sources);
    }

    /** This manifest with one more start merged in; the started layout becomes the current one. */
    public RecordingManifest withStart(Instant at, ZoneId zone, Duration interval, List<SourceKind> started) {
        List<Layout> ls = new ArrayList<>();
        Layout current = new Layout(zone, interval, at, at);
        for (Layout l : layouts) {
            if (l.fileZone().equals(zone) && l.storageInterval().equals(interval)) {
                current = new Layout(zone, interval, l.firstStarted(), at);
            } else {
                ls.add(l);
            }
        }
        ls.add(current);
        List<Source> ss = new ArrayList<>(sources);
        for (SourceKind k : started) {
            int i = indexOf(ss, k);
            Source s = new Source(k.name(), k.type(), k.lineKind(), i < 0 ? at : ss.get(i).firstStarted(), at);
            if (i < 0) {
                ss.add(s);
            } else {
                ss.set(i, s);
            }
        }
        ss.sort(Comparator.comparing(Source::name).thenComparing(Source::firstStarted));
        return new RecordingManifest(FORMAT_VERSION, coversEveryFile, ls, ss);
    }

    private static int indexOf(List<Source> ss, SourceKind k) {
        for (int i = 0; i < ss.size(); i++) {
            Source s = ss.get(i);
            if (s.name().equals(k.name()) && s.type().equals(k.type()) && s.lineKind().equals(k.lineKind())) {
                return i;
            }
        }
        return -1;
    }

    /** This manifest, marked as not knowing the zone of every file. */
    public RecordingManifest notCoveringEveryFile() {
        return new RecordingManifest(formatVersion, false, layouts, sources);
    }

    /** The zone of the last start. */
    public ZoneId fileZone() {
        return layouts.get(layouts.size() - 1).fileZone();
    }

    /** The storage interval of the last start. */
    public Duration storageInterval() {
        return layouts.get(layouts.size() - 1).storageInterval();
    }

    /**
     * The earliest and latest instant at which the records of a file named {@code name} can start,
     * in any layout this recording used, apart from late records: a slot-start stamp stands for its
     * own instant (two of them for a local time a daylight saving fall-back repeats); a stamp that
     * is not on a slot boundary is a file opened inside its slot (a restart), whose records may go
     * back to the slot's start. Null when the manifest cannot say: it does not cover every file,
     * or the name carries a sequence suffix (its stamp is the previous file's).
     */
    public StartBounds startBounds(RecordingFileName name) {
        if (!coversEveryFile || name.sequence() > 0) {
            return null;
        }
        LocalDateTime local = name.localStart();
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        for (Layout l : layouts) {
            ZoneRules rules = l.fileZone().getRules();
            ZoneOffsetTransition t = rules.getTransition(local);
            List<ZoneOffset> offsets = t == null ? List.of(rules.getOffset(local))
                    : List.of(t.getOffsetBefore(), t.getOffsetAfter());
            long interval = l.storageInterval().toNanos();
            for (ZoneOffset o : offsets) {
                long nanos = local.toEpochSecond(o) * 1_000_000_000L;
                long standard = rules.getStandardOffset(Instant.ofEpochSecond(local.toEpochSecond(o)))
                        .getTotalSeconds() * 1_000_000_000L;
                boolean slotStart = Math.floorMod(nanos + standard, interval) == 0;
                earliest = Math.min(earliest, slotStart ? nanos : nanos - interval);
                latest = Math.max(latest, nanos);
            }
        }
        return new StartBounds(earliest, latest);
    }
}

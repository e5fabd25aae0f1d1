package org.nsr.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.nsr.config.ConfigException;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.TimeRange;
import org.nsr.replay.TimeSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command that reads a recording shares: which directory, sources and times. */
public final class RecordingSelectionOptions {
    @Parameters(index = "0", paramLabel = "DIR", description = "Recording directory (or a single recording file).")
    Path dir;

    @Option(names = "--source", paramLabel = "NAME", description = "Only this source (repeatable; default: all).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--from", paramLabel = "T", description = "First record time, inclusive: ISO-8601 "
            + "(2025-08-22T10:13:12Z; a local time is read in --zone), epoch ms, or relative to now (-90s, -15m, -1h, -2d).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End of the range, exclusive; same forms as --from.")
    String to;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Zone of local times given to --from/--to "
            + "(default: the system zone). Which files are read never depends on it.")
    String zone;

    ZoneId zone() throws ConfigException {
        if (zone == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigException("--zone: '" + zone + "' is not a time zone; expected a region like Asia/Taipei "
                    + "or an offset like +08:00");
        }
    }

    ReadSelection selection(Clock clock) throws ConfigException {
        ZoneId z = zone();
        long fromNanos = from == null ? Long.MIN_VALUE : TimeSpec.parseNanos("--from", from, clock, z);
        long toNanos = to == null ? Long.MAX_VALUE : TimeSpec.parseNanos("--to", to, clock, z);
        if (fromNanos >= toNanos) {
            throw new ConfigException("--from/--to: the range [" + from + ", " + to + ") is empty; expected --from "
                    + "before --to");
        }
        return new ReadSelection(new LinkedHashSet<>(sources), new TimeRange(fromNanos, toNanos));
    }
}

package org.nsr.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.index.IndexKind;
import org.nsr.index.Interval;
import org.nsr.index.Lookup;
import org.nsr.index.RecordingFiles;
import org.nsr.replay.TimeSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nsr lookup DIR INDEX KEY}: the records of one key, in time order, through the index. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = {"Prints the records of one key in time order, in the formats of replay: generator flow lines "
                + "whole, one NDTwin poll line per matching flow entry (with the poll's timestamp).",
                "INDEX and KEY: connection4 'PROTO IP:PORT IP:PORT', connection3 'PROTO IP IP:PORT', "
                        + "connection2 'IP IP', ip 'IP'. Direction does not matter.",
                "Reads only the recording files the index names, plus those it does not cover yet."})
public final class LookupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Recording directory.")
    Path dir;

    @Parameters(index = "1", paramLabel = "INDEX", description = "connection4, connection3, connection2 or ip.")
    String index;

    @Parameters(index = "2", paramLabel = "KEY", description = "The key, quoted: 'tcp 10.0.0.5:443 192.168.1.20:51000'.")
    String key;

    @Option(names = "--from", paramLabel = "T", description = "First record time, inclusive (the forms of replay).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End of the range, exclusive.")
    String to;

    @Option(names = "--intervals", description = "Print only the activity intervals: start, end, recording file.")
    boolean intervals;

    @Option(names = "--explain", description = "Also print (to stderr) what the lookup did.")
    boolean explain;

    @Option(names = "--no-index", description = "Answer by a full scan, without the index (same output).")
    boolean noIndex;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("lookup", System.err, () -> {
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("DIR: " + dir + " is not a directory; expected a recording directory");
            }
            IndexKind kind = IndexKind.byName(index);
            if (kind == null) {
                throw new ConfigException("INDEX: '" + index + "' is not an index; expected one of "
                        + IndexKind.allNames());
            }
            byte[] k = kind.parse(key);
            Clock clock = Clock.systemUTC();
            long fromNanos = from == null ? Long.MIN_VALUE : TimeSpec.parseNanos("--from", from, clock,
                    ZoneId.systemDefault());
            long toNanos = to == null ? Long.MAX_VALUE : TimeSpec.parseNanos("--to", to, clock, ZoneId.systemDefault()) - 1;
            if (fromNanos > toNanos) {
                throw new ConfigException("--from/--to: the range [" + from + ", " + to + ") is empty; expected "
                        + "--from before --to");
            }
            List<Path> dirs = recordingDirs(dir);
            if (dirs.size() > 1 || !dirs.get(0).equals(dir)) {
                // a store of several recorders (a Kafka group): each directory has its own index, the answers
                // are merged by time into one, as replay reads such a store
                if (intervals) {
                    throw new ConfigException("--intervals: " + dir + " holds several recordings; expected one "
                            + "recording directory (one of " + dirs + ")");
                }
                // each directory answers into a file of its own, then the files merge by time
                Path parts = Files.createTempDirectory("nsr-lookup-");
                try {
                    List<Path> answers = new java.util.ArrayList<>();
                    for (Path d : dirs) {
                        Path answer = parts.resolve(answers.size() + ".ndjson");
                        Lookup each = new Lookup(d);
                        try (OutputStream part = new BufferedOutputStream(Files.newOutputStream(answer), 1 << 16)) {
                            each.run(new Lookup.Query(kind, k, fromNanos, toNanos, !noIndex), part);
                        }
                        answers.add(answer);
                        if (explain) {
                            System.err.println("nsr lookup: " + d + ": " + (noIndex ? "full scan: " : "")
                                    + each.explain());
                        }
                    }
                    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                    TimeOrderedMerge.merge(answers, out);
                    out.flush();
                } finally {
                    try (java.util.stream.Stream<Path> s = Files.walk(parts)) {
                        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                return CommandErrors.OK;
            }
            Lookup lookup = new Lookup(dir);
            if (intervals) {
                if (noIndex) {
                    throw new ConfigException("--intervals: needs the index; expected it without --no-index");
                }
                return printIntervals(lookup, kind, k, fromNanos, toNanos);
            }
            OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
            lookup.run(new Lookup.Query(kind, k, fromNanos, toNanos, !noIndex), out);
            if (explain) {
                System.err.println("nsr lookup: " + (noIndex ? "full scan: " : "") + lookup.explain());
            }
            return CommandErrors.OK;
        });
    }

    private int printIntervals(Lookup lookup, IndexKind kind, byte[] k, long fromNanos, long toNanos)
            throws Exception {
        RecordingFiles files = RecordingFiles.list(dir);
        for (Interval iv : lookup.intervals(kind, k, fromNanos, toNanos)) {
            RecordingFiles.File f = files.get(iv.archive());
            System.out.println(instant(iv.startNanos()) + " " + instant(iv.endNanos()) + " "
                    + (f == null ? iv.archive() : f.path().getFileName()));
        }
        List<String> notCovered = lookup.notCovered(kind);
        if (!notCovered.isEmpty()) {
            System.err.println("nsr lookup: " + notCovered.size() + " recording file(s) not indexed yet, not shown: "
                    + "run nsr index " + dir + ", or look up without --intervals");
        }
        return CommandErrors.OK;
    }

    /** {@code dir} itself when it holds recording files, else its subdirectories that do (or dir when none do). */
    static List<Path> recordingDirs(Path dir) throws java.io.IOException {
        if (hasRecordingFiles(dir)) {
            return List.of(dir);
        }
        List<Path> out = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                if (hasRecordingFiles(d)) {
                    out.add(d);
                }
            }
        }
        return out.isEmpty() ? List.of(dir) : out;
    }

    private static boolean hasRecordingFiles(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> org.nsr.layout.RecordingFileName.parse(p.getFileName().toString()) != null);
        }
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}

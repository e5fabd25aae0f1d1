package org.nsr.replay.query;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GroupTable} that never drops or folds a group: when the table reaches its group limit,
 * every entry is appended to one of {@link #PARTITIONS} spill files by a hash of its key, and the
 * table starts empty. At the end, {@link #forEachGroup} merges each partition on its own (all
 * partial aggregates of a key are in the same partition), so the answer is exact; a partition
 * still larger than the limit is split again with an independent hash, one level deeper
 * (a hash-partitioned external aggregation). Spill files live in a private temporary directory that
 * {@link #close} removes. Not thread-safe.
 */
final class SpillingTable implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpillingTable.class);
    static final int PARTITIONS = 32;
    private static final int BUFFER = 64 * 1024;

    private final GroupTable table;
    private final Path spillParent;
    private final String name;
    private Path spillDir;
    private DataOutputStream[] runs;
    private long spills;
    private long spilledEntries;
    private boolean finished;

    /**
     * @param spillParent where the temporary spill directory is made (null: {@code java.io.tmpdir})
     * @param name what the table holds, for the log
     */
    SpillingTable(GroupTable.Merge[] merges, int maxGroups, Path spillParent, String name) {
        this.table = new GroupTable(merges, maxGroups);
        this.spillParent = spillParent;
        this.name = name;
    }

    /** The entry of the key in the in-memory table, spilling the table first when it is full. */
    int entry(long ends, long hour, long tag) {
        int at = table.entry(ends, hour, tag);
        if (at == GroupTable.FULL) {
            spill();
            at = table.entry(ends, hour, tag);
        }
        return at;
    }

    /** The in-memory table's data; an offset from {@link #entry} is valid until the next call of it. */
    long[] data() {
        return table.data;
    }

    /** Merges an entry of another table in. */
    void merge(long[] from, int at) {
        if (!table.merge(from, at)) {
            spill();
            table.merge(from, at);
        }
    }

    boolean isEmpty() {
        return table.size() == 0 && spills == 0;
    }

    long spills() {
        return spills;
    }

    long spilledEntries() {
        return spilledEntries;
    }

    private void spill() {
        try {
            if (runs == null) {
                spillDir = spillParent == null ? Files.createTempDirectory("nsr-query-spill")
                        : Files.createTempDirectory(Files.createDirectories(spillParent), "nsr-query-spill");
                runs = open(spillDir, 0);
            }
            spills++;
            spilledEntries += table.size();
            if (spills == 1) {
                LOG.info("{}: more than {} groups; spilling partial aggregates to {} and merging them at the end "
                        + "(the answer stays exact)", name, table.size(), spillDir);
            }
            writeAll(table, runs, 0);
            table.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill query groups to " + spillDir + ": " + e.getMessage(), e);
        }
    }

    private static DataOutputStream[] open(Path dir, int level) throws IOException {
        DataOutputStream[] out = new DataOutputStream[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            out[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run(dir, level, p)), BUFFER));
        }
        return out;
    }

    private static Path run(Path dir, int level, int p) {
        return dir.resolve("level" + level + "-part" + p);
    }

    private static void writeAll(GroupTable t, DataOutputStream[] out, int level) {
        t.forEach((data, at) -> {
            DataOutputStream o = out[GroupTable.partition(data, at, level, PARTITIONS)];
            try {
                for (int i = 0; i < GroupTable.STRIDE; i++) {
                    o.writeLong(data[at + i]);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Every group exactly once with its fully merged values; call when all flows are in (no
     * {@link #entry} afterwards). With spills, the in-memory table is spilled too and each partition
     * is merged through it; the spill files stay until {@link #close}, so this may run again.
     */
    void forEachGroup(GroupTable.EntryVisitor visitor) {
        if (spills == 0) {
            table.forEach(visitor);
            return;
        }
        try {
            if (!finished) {
                finished = true;
                spill();
                closeAll(runs);
                runs = null;
            }
            mergeLevel(spillDir, 0, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read query spill files in " + spillDir + ": " + e.getMessage(), e);
        }
    }

    /** Merges each partition of a level; a partition past the limit is split one level deeper. */
    private void mergeLevel(Path dir, int level, GroupTable.EntryVisitor visitor) throws IOException {
        long[] buf = new long[GroupTable.STRIDE];
        for (int p = 0; p < PARTITIONS; p++) {
            Path file = run(dir, level, p);
            table.clear();
            DataOutputStream[] deeper = null;
            Path deeperDir = null;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
                while (read(in, buf)) {
                    if (!table.merge(buf, 0)) {
                        if (deeper == null) {
                            deeperDir = Files.createDirectory(dir.resolve("level" + level + "-split" + p));
                            deeper = open(deeperDir, level + 1);
                        }
                        writeAll(table, deeper, level + 1);
                        table.clear();
                        table.merge(buf, 0);
                    }
                }
            }
            if (level > 0) {
                Files.delete(file); // a split's files serve one merge; level 0 stays for another pass
            }
            if (deeper == null) {
                table.forEach(visitor);
            } else {
                writeAll(table, deeper, level + 1);
                closeAll(deeper);
                mergeLevel(deeperDir, level + 1, visitor);
                Files.delete(deeperDir);
            }
        }
        table.clear();
    }

    private static boolean read(DataInputStream in, long[] buf) throws IOException {
        try {
            buf[0] = in.readLong();
        } catch (EOFException e) {
            return false;
        }
        for (int i = 1; i < buf.length; i++) {
            buf[i] = in.readLong();
        }
        return true;
    }

    private static void closeAll(DataOutputStream[] out) throws IOException {
        for (DataOutputStream o : out) {
            o.close();
        }
    }

    @Override
    public void close() {
        try {
            if (runs != null) {
                closeAll(runs);
                runs = null;
            }
            if (spillDir != null) {
                List<Path> all = new ArrayList<>();
                try (Stream<Path> s = Files.walk(spillDir)) {
                    s.forEach(all::add);
                }
                all.sort(Comparator.reverseOrder());
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot remove the spill directory {}: {}", name, spillDir, e.toString());
        }
    }
}

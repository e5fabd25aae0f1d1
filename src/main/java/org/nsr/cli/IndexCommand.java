package org.nsr.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nsr.app.OutputDirLock;
import org.nsr.config.ConfigException;
import org.nsr.config.IndexSettings;
import org.nsr.index.IndexBuild;
import org.nsr.index.IndexCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nsr index DIR [--check]}: builds or completes a recording's index, or verifies it. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Builds or completes the index of a recording (one recorded before indexing existed, by the "
                + "original Python recorder, or whose index was deleted) under DIR/.nsr/index/.",
                "With --check, verifies every index file instead: checksums, sort order, and that every recording "
                        + "file it names exists; exits 1 on any fault."})
public final class IndexCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Recording directory.")
    Path dir;

    @Option(names = "--check", description = "Verify the index instead of building it.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("index", System.err, () -> {
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("DIR: " + dir + " is not a directory; expected a recording directory");
            }
            return check ? check() : build();
        });
    }

    private int check() throws Exception {
        IndexCheck.Report r = IndexCheck.check(dir);
        r.notes().forEach(n -> System.out.println("note: " + n));
        r.faults().forEach(f -> System.out.println("FAULT: " + f));
        System.out.println((r.ok() ? "index ok: " : "index damaged: ") + r.files() + " index files, " + r.entries()
                + " entries, " + r.faults().size() + " fault(s)");
        return r.ok() ? CommandErrors.OK : CommandErrors.PROBLEMS;
    }

    private int build() throws Exception {
        StringBuilder holder = new StringBuilder();
        try (OutputDirLock lock = OutputDirLock.tryAcquire(dir, holder)) {
            if (lock == null) {
                System.err.println("nsr index: " + dir + " is being recorded (" + holder + "); the recorder keeps "
                        + "its index itself");
                return CommandErrors.PROBLEMS;
            }
            boolean terminal = System.console() != null;
            PrintStream err = System.err;
            long t0 = System.nanoTime();
            IndexBuild.Result r = new IndexBuild(dir, IndexSettings.DEFAULT).run((done, total, flows) -> {
                if (terminal) {
                    err.print("\r" + bar(done, total) + " " + done + "/" + total + " files, " + flows + " flows");
                    err.flush();
                }
            });
            if (terminal) {
                err.println();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("indexed %d of %d recording files (%d flows) in %.1f s (%.0f flows/s), %d merges%n",
                    r.filesIndexed(), r.filesTotal(), r.flows(), s, r.flows() / Math.max(s, 1e-9), r.merges());
            // thread CPU of the build's work, JVM start and compilation excluded: the figure that holds on a loaded machine
            System.out.printf("CPU: %.2f s reading files into entries, %.2f s writing and merging index files "
                    + "(%.2f s per million flows)%n", r.readCpuNanos() / 1e9, r.writeCpuNanos() / 1e9,
                    (r.readCpuNanos() + r.writeCpuNanos()) / 1e9 / Math.max(r.flows() / 1e6, 1e-9));
            return CommandErrors.OK;
        }
    }

    static String bar(int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }
}

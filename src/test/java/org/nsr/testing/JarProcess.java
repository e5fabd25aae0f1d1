package org.nsr.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged {@code nsr.jar} run as a real subprocess, for tests of what users depend on:
 * signals, exit codes, kill -9 and restart. Output goes to a log file the test can read.
 */
public final class JarProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        String prop = System.getProperty("nsr.jar");
        Path jar = Path.of(prop != null ? prop : "target/nsr.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged jar not found at " + jar + "; run 'mvn package' first");
        }
        return jar;
    }

    /** Starts {@code java -jar nsr.jar args...} in {@code workDir}, output to {@code log}. */
    public static JarProcess start(Path workDir, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-jar");
        cmd.add(jar().toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new JarProcess(p, log);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as systemd stops a service. */
    public void sigterm() {
        process.destroy();
    }

    /** SIGKILL: no chance to clean up. */
    public void sigkill() {
        process.destroyForcibly();
    }

    /** Sends a named signal with kill(1), e.g. "HUP" or "INT". */
    public void signal(String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (k.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the process to exit and returns its status; fails the test if it does not. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not exit within " + seconds + " s; log:\n" + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Polls {@code condition} every 50 ms until it holds or {@code seconds} pass. */
    public static void awaitCondition(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
            }
            Thread.sleep(50); // polling interval of a deadline-bounded wait
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}

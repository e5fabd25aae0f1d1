package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;

/** bin/nsr, the launcher: finds the packaged jar and Java, and keeps JVM log output off stdout. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin", "nsr").toAbsolutePath();
    /** A JVM warning any machine without configured huge pages prints through unified logging. */
    private static final String WARNING_FLAG = "-XX:+UseLargePages";

    @TempDir
    Path tmp;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("NSR_JAR");
        pb.environment().remove("NSR_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + cmd);
        return new Run(p.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void launcherInACheckoutFindsTargetJarAndPrintsTheVersion() throws Exception {
        JarProcess.jar(); // fails clearly when the jar was not packaged

        Run r = run(Map.of(), List.of(LAUNCHER.toString(), "--version"));

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("nsr 0.1.0\n", r.stdout());
    }

    @Test
    void jvmWarningsGoToStderrNotStdout() throws Exception {
        // Without the launcher the same warning lands on stdout: that is the failure this guards against.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run plain = run(Map.of(), List.of(java, WARNING_FLAG, "-jar", JarProcess.jar().toString(), "--version"));
        Assumptions.assumeTrue(plain.stdout().contains("[warning]"),
                "this JVM prints no warning for " + WARNING_FLAG + " (huge pages configured?)");

        Run r = run(Map.of("NSR_JAVA_OPTS", WARNING_FLAG), List.of(LAUNCHER.toString(), "--version"));

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("nsr 0.1.0\n", r.stdout(), "stdout carries only the program's output");
        assertTrue(r.stderr().contains("[warning]") && r.stderr().contains("UseLargePages"), r.stderr());
    }

    @Test
    void launcherCopiedBesideAJarRunsThatJar() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("lib"));
        Files.copy(LAUNCHER, dir.resolve("nsr"));
        dir.resolve("nsr").toFile().setExecutable(true);
        Files.copy(JarProcess.jar(), dir.resolve("nsr.jar"));

        Run r = run(Map.of(), List.of(dir.resolve("nsr").toString(), "--version"));

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("nsr 0.1.0\n", r.stdout());
    }

    @Test
    void aMissingJarNamedByNsrJarExitsTwoWithOneLine() throws Exception {
        Path missing = tmp.resolve("nope.jar");

        Run r = run(Map.of("NSR_JAR", missing.toString()), new ArrayList<>(List.of(LAUNCHER.toString(), "--version")));

        assertEquals(2, r.exitCode());
        assertEquals("", r.stdout());
        assertEquals("nsr: NSR_JAR='" + missing + "' is not a file; expected the path of nsr.jar\n", r.stderr());
    }
    @Test
    void aReadingCommandMakesItsClassArchiveOnceThenReusesItWithTheSameOutputAndNothingOnStderr() throws Exception {
        JarProcess.jar();
        Path cache = tmp.resolve("cache");
        Map<String, String> env = Map.of("NSR_CACHE_DIR", cache.toString());
        Path empty = Files.createDirectories(tmp.resolve("recording"));

        Run first = run(env, List.of(LAUNCHER.toString(), "query", empty.toString(), "--format", "csv"));
        List<Path> archives;
        try (java.util.stream.Stream<Path> s = Files.list(cache)) {
            archives = s.toList();
        }
        Run second = run(env, List.of(LAUNCHER.toString(), "query", empty.toString(), "--format", "csv"));

        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("nsr-query-[0-9]+\\.jsa"), archives.toString());
        assertEquals(first.exitCode(), second.exitCode(), second.stderr());
        assertEquals(first.stdout(), second.stdout());
        assertEquals(first.stderr(), second.stderr(), "the archive's making and use print nothing");
        assertTrue(!first.stderr().contains("cds"), first.stderr());
    }
}

package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * Runs the README's shell blocks marked safe to run, a {@code ```sh} fence right after a line
 * {@code <!-- check -->}, in a directory holding a real recording made by {@code record --demo},
 * with the repository's {@code bin/} on PATH. Each block must exit 0 and print something.
 */
class ReadmeCommandsIT {
    static final String MARKER = "<!-- check -->";
    static final Path README = Path.of("README.md");
    static final Path BIN = Path.of("bin").toAbsolutePath();

    @TempDir
    static Path work;

    record Block(int line, String text) {
    }

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void recordADemo() throws Exception {
        // 12 s of 10 s files: at least two archives per source, as a user has after a minute.
        Path log = work.resolve("demo.log");
        try (JarProcess demo = JarProcess.start(work, log, "record", "--demo", "--run-for", "12s")) {
            assertEquals(0, demo.awaitExit(90), demo.output());
        }
        Files.createDirectories(work.resolve("setting"));
        Files.copy(Path.of("setting/recorder_setting.yaml"), work.resolve("setting/recorder_setting.yaml"));
    }

    static List<Block> checkedBlocks() throws IOException {
        List<String> lines = Files.readAllLines(README);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!lines.get(i).strip().equals(MARKER)) {
                continue;
            }
            assertTrue(lines.get(i + 1).startsWith("```sh"), "README line " + (i + 2) + ": " + MARKER
                    + " must be followed by a ```sh fence");
            StringBuilder text = new StringBuilder();
            int j = i + 2;
            while (j < lines.size() && !lines.get(j).startsWith("```")) {
                text.append(lines.get(j)).append('\n');
                j++;
            }
            blocks.add(new Block(i + 3, text.toString()));
            i = j;
        }
        return blocks;
    }

    static Run bash(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(work.toFile());
        pb.environment().put("PATH", BIN + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("NSR_JAR");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish within 120 s:\n" + script);
        }
        return new Run(p.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCheckedReadmeBlockExitsZeroAndPrintsSomething() throws IOException {
        return checkedBlocks().stream().map(b -> DynamicTest.dynamicTest("README.md line " + b.line(), () -> {
            Run r = bash(b.text());
            assertEquals(0, r.exitCode(), "README line " + b.line() + ":\n" + b.text() + "\nstderr:\n" + r.err());
            assertFalse(r.out().isBlank(), "README line " + b.line() + " printed nothing:\n" + b.text() + r.err());
        }));
    }

    @Test
    void theFirstHourCommandsAreAmongTheCheckedBlocks() throws IOException {
        String all = String.join("\n", checkedBlocks().stream().map(Block::text).toList());

        for (String command : List.of("unzip -p", "nsr info", "nsr verify", "nsr replay", "nsr check", "nsr query", "nsr export")) {
            assertTrue(all.contains(command), "no checked README block runs " + command);
        }
    }

    @Test
    void theOldLookAtAFileCommandPrintsNothingOnceThereAreTwoArchives() throws Exception {
        assertTrue(Recordings.files(work.resolve("recorded_info"), "_flowinfo_json.zip").size() >= 2,
                "the demo made two flowinfo archives");

        Run r = bash("unzip -p recorded_info/*_flowinfo_json.zip | head -c 300");

        assertEquals("", r.out(), "the README's earlier command; if it prints now, unzip changed");
    }
}

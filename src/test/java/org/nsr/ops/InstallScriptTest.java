package org.nsr.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs systemd/install.sh into a dry root. User creation, chown and systemctl are skipped there
 * by design (they belong to the target system), so this covers the files and their modes.
 */
class InstallScriptTest {
    private static final Path SCRIPT = Path.of("systemd", "install.sh");

    @TempDir
    Path tmp;

    private record Run(int exitCode, String output) {
    }

    private Run install(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "install.sh did not finish");
        return new Run(p.exitValue(), out);
    }

    private Path jar(String content) throws IOException {
        return Files.writeString(tmp.resolve("nsr-" + content + ".jar"), content);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void installsJarUnitConfigAndDirectoriesIntoADryRoot() throws Exception {
        Path root = tmp.resolve("root");

        Run run = install(Map.of(), "--root", root.toString(), "--jar", jar("v1").toString(), "--no-user");

        assertEquals(0, run.exitCode(), run.output());
        assertEquals("v1", Files.readString(root.resolve("opt/nsr/nsr.jar")));
        assertEquals(Files.readString(Path.of("systemd/nsr.service")),
                Files.readString(root.resolve("etc/systemd/system/nsr.service")));
        assertEquals(Files.readString(Path.of("setting/recorder_setting.yaml")),
                Files.readString(root.resolve("etc/nsr/recorder_setting.yaml")));
        assertEquals("rw-r-----", mode(root.resolve("etc/nsr/recorder_setting.yaml")));
        assertEquals("rwxr-x---", mode(root.resolve("var/lib/nsr")));
        assertTrue(Files.isDirectory(root.resolve("var/lib/nsr/recorded_info")));
        assertTrue(Files.isDirectory(root.resolve("var/lib/nsr/logs")));
        assertFalse(run.output().contains("systemctl") || run.output().contains("systemd reloaded"),
                "no systemctl against the real system from a dry root:\n" + run.output());
    }

    @Test
    void installsTheLauncherCompletionAndManPagesBuiltBesideTheJar() throws Exception {
        Path root = tmp.resolve("root");
        Path built = Files.createDirectories(tmp.resolve("target"));
        Path jar = Files.writeString(built.resolve("nsr.jar"), "v1");
        Files.writeString(built.resolve("nsr_completion"), "complete -F _complete_nsr nsr\n");
        Files.createDirectories(built.resolve("man"));
        Files.writeString(built.resolve("man/nsr.1"), ".TH NSR 1\n");
        Files.writeString(built.resolve("man/nsr-check.1"), ".TH NSR-CHECK 1\n");

        Run run = install(Map.of(), "--root", root.toString(), "--jar", jar.toString(), "--no-user");

        assertEquals(0, run.exitCode(), run.output());
        Path launcher = root.resolve("usr/local/bin/nsr");
        assertEquals(Files.readString(Path.of("bin/nsr")), Files.readString(launcher));
        assertEquals("rwxr-xr-x", mode(launcher));
        assertEquals("complete -F _complete_nsr nsr\n",
                Files.readString(root.resolve("usr/local/share/bash-completion/completions/nsr")));
        assertEquals(".TH NSR-CHECK 1\n", Files.readString(root.resolve("usr/local/share/man/man1/nsr-check.1")));
        assertEquals("rw-r--r--", mode(root.resolve("usr/local/share/man/man1/nsr.1")));
    }

    @Test
    void missingCompletionAndManPagesAreReportedAndSkipped() throws Exception {
        Path root = tmp.resolve("root");

        Run run = install(Map.of(), "--root", root.toString(), "--jar", jar("v1").toString(), "--no-user");

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("no bash completion at " + tmp.resolve("nsr_completion")), run.output());
        assertTrue(run.output().contains("no man pages in " + tmp.resolve("man")), run.output());
        assertTrue(Files.isExecutable(root.resolve("usr/local/bin/nsr")), "the launcher is installed anyway");
    }

    @Test
    void secondRunUpgradesTheJarAndKeepsTheOperatorsConfig() throws Exception {
        Path root = tmp.resolve("root");
        assertEquals(0, install(Map.of(), "--root", root.toString(), "--jar", jar("v1").toString()).exitCode());
        Path config = root.resolve("etc/nsr/recorder_setting.yaml");
        Files.writeString(config, "# edited by the operator\n");

        // DESTDIR works like --root; without --no-user a dry root still creates no user.
        Run again = install(Map.of("DESTDIR", root.toString()), "--jar", jar("v2").toString());

        assertEquals(0, again.exitCode(), again.output());
        assertEquals("v2", Files.readString(root.resolve("opt/nsr/nsr.jar")));
        assertEquals("# edited by the operator\n", Files.readString(config));
        assertTrue(again.output().contains("kept existing " + config), again.output());
        assertFalse(again.output().contains("created system user"), again.output());
        try (var left = Files.list(root.resolve("opt/nsr"))) {
            assertEquals(List.of("nsr.jar"), left.map(p -> p.getFileName().toString()).toList(),
                    "no temporary jar left behind");
        }
    }

    @Test
    void missingJarIsRefusedWithExitCode2AndThePath() throws Exception {
        Path root = tmp.resolve("root");
        Path missing = tmp.resolve("nope.jar");

        Run run = install(Map.of(), "--root", root.toString(), "--jar", missing.toString());

        assertEquals(2, run.exitCode(), run.output());
        assertEquals("install.sh: jar '" + missing + "' not found; build it first with 'mvn -B package' or pass"
                + " --jar FILE\n", run.output());
        assertFalse(Files.exists(root), "nothing is installed when the jar is missing");
    }

    @Test
    void unknownOptionIsRefusedWithExitCode2() throws Exception {
        Run run = install(Map.of(), "--prefix", "/x");

        assertEquals(2, run.exitCode());
        assertTrue(run.output().startsWith("install.sh: unknown option '--prefix'"), run.output());
    }
}

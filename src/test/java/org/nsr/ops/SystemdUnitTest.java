package org.nsr.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks systemd/nsr.service: the settings the service depends on, and {@code systemd-analyze
 * verify} on it. The unit names {@code /usr/bin/java}, which a build machine may not have, so the
 * verified copy runs this test's own java binary instead; everything else is verified as shipped.
 * {@code systemd-analyze verify} exits 0 even for unknown keys and unparsable values (it only
 * warns), so the test also fails on any message about the unit.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("systemd", "nsr.service");
    private static final String EXEC_START =
            "/usr/bin/java -Xmx512m -jar /opt/nsr/nsr.jar record --config /etc/nsr/recorder_setting.yaml";

    /** The stop_timeout default in RecorderConfigLoader (a setting file needs a source type to load). */
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** [Section] → key → values, in file order; keys may repeat. */
    private static Map<String, Map<String, List<String>>> parse(Path unit) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : Files.readAllLines(unit)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            assertTrue(eq > 0 && current != null, "not a key=value line in a section: " + raw);
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return sections;
    }

    private static String single(Map<String, List<String>> section, String key) {
        List<String> values = section.get(key);
        assertNotNull(values, key + " is missing");
        assertEquals(1, values.size(), key + " is set more than once: " + values);
        return values.get(0);
    }

    @Test
    void unitRunsTheJarAsUnprivilegedUserInItsWorkingDirectory() throws IOException {
        Map<String, List<String>> service = parse(UNIT).get("Service");

        assertEquals(EXEC_START, single(service, "ExecStart"));
        assertEquals("nsr", single(service, "User"));
        assertEquals("/var/lib/nsr", single(service, "WorkingDirectory"));
        assertEquals("/bin/kill -HUP $MAINPID", single(service, "ExecReload"));
        assertEquals("on-failure", single(service, "Restart"));
        assertEquals("multi-user.target", single(parse(UNIT).get("Install"), "WantedBy"));
    }

    @Test
    void stopGivesTheDrainMoreTimeThanTheDefaultStopTimeout() throws IOException {
        Map<String, List<String>> service = parse(UNIT).get("Service");
        Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

        assertEquals("SIGTERM", single(service, "KillSignal"));
        Duration systemdTimeout = Duration.ofSeconds(Long.parseLong(single(service, "TimeoutStopSec")));
        assertTrue(systemdTimeout.compareTo(stopTimeout.plusSeconds(30)) >= 0,
                "TimeoutStopSec " + systemdTimeout + " must leave room over stop_timeout " + stopTimeout);
        assertTrue(List.of(single(service, "SuccessExitStatus").split("\\s+")).contains("143"));
    }

    @Test
    void unitIsHardenedButLetsTheJitRun() throws IOException {
        Map<String, List<String>> service = parse(UNIT).get("Service");

        for (String yes : List.of("NoNewPrivileges", "PrivateTmp", "ProtectHome", "ProtectKernelTunables",
                "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality")) {
            assertEquals("yes", single(service, yes), yes);
        }
        assertEquals("strict", single(service, "ProtectSystem"));
        assertEquals("/var/lib/nsr", single(service, "ReadWritePaths"), "only the working directory is writable");
        assertFalse(service.containsKey("MemoryDenyWriteExecute"), "the JIT needs writable executable memory");
    }

    @Test
    void unitConfinesSystemCallsProcAndDirectoriesTheWayAJvmAllows() throws IOException {
        Map<String, List<String>> service = parse(UNIT).get("Service");

        assertEquals(List.of("@system-service", "~@privileged"), service.get("SystemCallFilter"));
        assertEquals("native", single(service, "SystemCallArchitectures"));
        assertEquals("invisible", single(service, "ProtectProc"));
        assertEquals("pid", single(service, "ProcSubset"));
        assertEquals("nsr", single(service, "StateDirectory"));
        assertEquals("nsr", single(service, "LogsDirectory"));
        assertFalse(service.get("SystemCallFilter").stream().anyMatch(f -> f.contains("@resources")),
                "glibc's getrlimit is prlimit64, which ~@resources would refuse");
    }

    /** systemd-analyze security scores exposure 0..10; SAFE needs < 1.0, which a network poller cannot reach. */
    @Test
    void securityExposureStaysAtMostOnePointTwo() throws Exception {
        String analyze = onPath("systemd-analyze");
        Assumptions.assumeTrue(analyze != null, "systemd-analyze is not installed");
        Path unit = copyForVerify(Files.readString(UNIT));
        Process p = new ProcessBuilder(analyze, "security", "--offline=yes", unit.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze security did not finish");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d)")
                .matcher(out);
        Assumptions.assumeTrue(m.find(), "this systemd-analyze cannot score a unit file offline:\n" + out);

        double exposure = Double.parseDouble(m.group(1));

        assertTrue(exposure <= 1.2, "exposure " + exposure + " above 1.2:\n" + out);
    }

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutComplaint() throws Exception {
        Path unit = copyForVerify(Files.readString(UNIT));

        Verification v = verify(unit);

        assertEquals(0, v.exitCode, v.output);
        assertEquals(List.of(), v.linesAbout("nsr.service"), "systemd-analyze complained:\n" + v.output);
    }

    @Test
    void verificationCatchesAMistakeInTheUnit() throws Exception {
        // Proves the check above can fail: a misspelt key only warns, and the test sees the warning.
        Path unit = copyForVerify(Files.readString(UNIT).replace("KillSignal=SIGTERM", "KillSignl=SIGTERM"));

        Verification v = verify(unit);

        assertTrue(v.output.contains("KillSignl"), "expected a complaint about KillSignl:\n" + v.output);
    }

    private Path copyForVerify(String text) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertTrue(text.contains("ExecStart=/usr/bin/java "), "ExecStart no longer starts with /usr/bin/java");
        Path unit = tmp.resolve("nsr.service");
        Files.writeString(unit, text.replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));
        return unit;
    }

    private record Verification(int exitCode, String output) {
        List<String> linesAbout(String needle) {
            return output.lines().filter(l -> l.contains(needle)).toList();
        }
    }

    private static Verification verify(Path unit) throws IOException, InterruptedException {
        String analyze = onPath("systemd-analyze");
        Assumptions.assumeTrue(analyze != null,
                "systemd-analyze is not installed: unit not verified (apt-get install systemd to run this test)");
        Process p = new ProcessBuilder(analyze, "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish");
        return new Verification(p.exitValue(), out);
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, tool);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}

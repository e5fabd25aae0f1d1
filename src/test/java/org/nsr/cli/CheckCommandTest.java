package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.RecorderConfigLoader;
import org.yaml.snakeyaml.Yaml;

/** {@code nsr check}: validates without running anything and prints the effective configuration. */
class CheckCommandTest {
    @TempDir
    Path tmp;

    @Test
    void validFilePrintsEveryDefaultAndExitsZeroWithoutCreatingTheOutputDirectory() throws Exception {
        Path out = tmp.resolve("never-created");
        Path cfg = Files.writeString(tmp.resolve("s.yaml"), """
                Recorder:
                  data:
                    ndtwin_kernel: "http://127.0.0.1:8000"
                    output_dir: "%s"
                    sources:
                      - name: flows
                        type: http
                        path: /ndt/get_detected_flow_data
                """.formatted(out));

        CliCapture.Result r = CliCapture.run("check", "-c", cfg.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertFalse(Files.exists(out), "check creates no directory");
        Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) new Yaml().load(r.out())).get("Recorder")).get("data");
        assertEquals("10ms", data.get("chunk_window"));
        assertEquals("1m", data.get("stop_timeout"));
        assertEquals(Map.of("level", "auto", "workers", Runtime.getRuntime().availableProcessors(), "backlog", 16),
                data.get("compression"));
        Map<?, ?> source = (Map<?, ?>) ((java.util.List<?>) data.get("sources")).get(0);
        assertEquals("http://127.0.0.1:8000/ndt/get_detected_flow_data", source.get("url"));
        assertEquals("30s", source.get("call_timeout"));
        assertEquals(64, source.get("queue_capacity"));
        assertTrue(r.err().contains("is valid (1 sources)"), r.err());
    }

    @Test
    void theMetricsPortIsNotBoundSoABusyPortStillChecks() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path cfg = Files.writeString(tmp.resolve("s.yaml"), """
                    Recorder:
                      data:
                        metrics: {listen: "127.0.0.1:%d"}
                    """.formatted(busy.getLocalPort()));

            CliCapture.Result r = CliCapture.run("check", "--config", cfg.toString());

            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("listen: 127.0.0.1:" + busy.getLocalPort()), r.out());
        }
    }

    @Test
    void badKeyExitsTwoNamingTheKeyAndPrefixedWithTheCommand() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("s.yaml"), "Recorder:\n  data:\n    storage_intervall: 2\n");

        CliCapture.Result r = CliCapture.run("check", "-c", cfg.toString());

        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("nsr check: Recorder.data.storage_intervall"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void theEffectiveConfigurationLoadsBackAsTheSameSources() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("s.yaml"), """
                Recorder:
                  data:
                    sources:
                      - {name: gen, type: generator, threads: 2, rate: 500, seed: 7}
                """);

        CliCapture.Result r = CliCapture.run("check", "-c", cfg.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("name: gen") && r.out().contains("threads: 2") && r.out().contains("seed: 7"),
                r.out());
        assertEquals(1, RecorderConfigLoader.load(cfg, org.nsr.app.BuiltInSourceTypes.registry()).sources().size());
    }
}

package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;

/** The packaged jar with a {@code type: ingest} source whose port is taken. */
class IngestListenIT {
    @TempDir
    Path work;

    @Test
    void aTakenIngestPortExitsOneNamingTheAddressWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path cfg = work.resolve("ingest-busy.yaml");
            Files.writeString(cfg, """
                    Recorder:
                      data:
                        output_dir: "./out"
                        metrics: {listen: "off"}
                        sources:
                          - {name: flows_push, type: ingest, listen: "127.0.0.1:%d"}
                    """.formatted(port));
            try (JarProcess p = JarProcess.start(work, work.resolve("ingest-busy.log"), "record", "-c", cfg.toString())) {
                int code = p.awaitExit(60);
                String out = p.output();
                assertEquals(1, code, "a taken ingest port exits 1: " + out);
                assertTrue(out.contains("cannot listen on 127.0.0.1:" + port + ": "), "names the address: " + out);
                assertFalse(out.contains("\tat "), "prints no stack trace: " + out);
                assertFalse(out.contains("starting it again"), "no retry loop of the source: " + out);
            }
        }
    }
}

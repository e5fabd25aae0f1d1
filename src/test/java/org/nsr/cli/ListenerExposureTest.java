package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Listener settings a user got wrong exit 2: an exposed listener without a token, an address not of this machine. */
class ListenerExposureTest {
    @TempDir
    Path dir;

    @Test
    void metricsOnAllAddressesWithoutATokenExitsTwoNamingTheKeys() throws Exception {
        Path cfg = dir.resolve("exposed.yaml");
        Files.writeString(cfg, "Recorder:\n  data:\n    output_dir: \"" + dir.resolve("out") + "\"\n"
                + "    metrics: {listen: \"0.0.0.0:9464\"}\n");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));

        assertEquals(2, cl.execute("record", "--config", cfg.toString()));
        assertEquals("nsr record: Recorder.data.metrics.listen: '0.0.0.0:9464' is not a loopback address and "
                + "Recorder.data.metrics.token is not set; expected a loopback address or a token", err.toString().trim());
        assertEquals(false, Files.exists(dir.resolve("out")), "nothing was created for a refused setting file");
    }

    @Test
    void simulateOnAnAddressThatIsNotThisMachinesExitsTwo() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));

        // 192.0.2.1 is a documentation address (TEST-NET-1): binding it fails locally, nothing is sent.
        assertEquals(2, cl.execute("simulate", "--bind", "192.0.2.1", "--port", "0"));
        assertTrue(err.toString().startsWith("nsr simulate: cannot listen on 192.0.2.1:0: "), err.toString());
    }
}

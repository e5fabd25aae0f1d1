package org.nsr.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.config.DetectSettings;
import org.nsr.config.ListenerSettings;
import org.nsr.core.StopSignal;
import org.nsr.core.SignalStop;
import org.nsr.ui.RecordingDashboard;
import org.nsr.ui.RecordingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nsr dashboard DIR}: the dashboard page over a finished recording, with a time slider. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves the dashboard page over a finished recording, with a time slider over its time range.",
                "Each position shows the records per second of every source, the top talkers and conversations, the "
                        + "protocol mix and the detector's alerts (default thresholds), computed from the archives of "
                        + "the 5 minutes before it. Runs until interrupted (Ctrl-C, SIGTERM)."})
public final class DashboardCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The recording's output directory.")
    Path dir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where to serve the page (default "
            + "127.0.0.1:9466; port 0 picks a free one). A non-loopback address needs --token-file.")
    String listen = "127.0.0.1:9466";

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the page's token (16+ "
            + "characters): asked for in a login form or as 'Authorization: Bearer', never in the URL.")
    Path tokenFile;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("dashboard", System.err, () -> {
            String token = null;
            if (tokenFile != null) {
                if (!Files.isRegularFile(tokenFile)) {
                    throw new ConfigException("--token-file: '" + tokenFile + "' is not a file; expected a file "
                            + "holding the token");
                }
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            }
            ListenerSettings listener = ListenerSettings.parse("--listen", listen, "--token-file", token);
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("DIR: '" + dir + "' is not a directory; expected a recording's output_dir");
            }
            ReplayCli.OpenRecording recording = ReplayCli.open(dir);
            RecordingHistory history = RecordingHistory.open(recording.index(), recording.reader(),
                    DetectSettings.defaults());
            StopSignal stop = new StopSignal();
            SignalStop.install(stop, new java.util.concurrent.atomic.AtomicReference<>());
            try (RecordingDashboard page = new RecordingDashboard(history, listener).start(listener)) {
                System.out.println("recording dashboard on " + page.url() + "/ (" + dir + ", "
                        + java.time.Instant.ofEpochMilli(history.fromNanos() / 1_000_000) + " to "
                        + java.time.Instant.ofEpochMilli(history.toNanos() / 1_000_000) + ")");
                System.out.flush();
                stop.awaitForever();
            }
            return CommandErrors.OK;
        });
    }
}

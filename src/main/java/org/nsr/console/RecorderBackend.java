package org.nsr.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nsr.metrics.Metrics;
import org.nsr.metrics.StatsLine;

/**
 * The console of a running recorder: queries read its output directory as {@link RecordingBackend}
 * does (files being written included); {@code show stats} and {@code show sources} add what the
 * metrics say the recorder is doing. Thread-safe.
 */
public final class RecorderBackend extends RecordingBackend {
    private final Metrics metrics;

    public RecorderBackend(Path outputDir, Metrics metrics) {
        super(outputDir);
        this.metrics = metrics;
    }

    @Override
    public List<String> show(Command.Topic topic) throws IOException {
        return switch (topic) {
            case STATS -> List.of(StatsLine.format(metrics), "console{connections="
                    + (long) metrics.value("nsr_console_connections_open") + " refused="
                    + (long) metrics.value("nsr_console_connections_total", "result", "refused_busy")
                    + " auth_failed=" + (long) metrics.value("nsr_console_connections_total", "result", "auth_failed")
                    + " commands=" + (long) metrics.sum("nsr_console_commands_total") + "}");
            case SOURCES -> sources();
            default -> super.show(topic);
        };
    }

    private List<String> sources() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : liveSources()) {
            out.add(name + " records=" + (long) metrics.value("nsr_source_records_total", "source", name)
                    + " written=" + (long) metrics.value("nsr_writer_records_total", "source", name)
                    + " files=" + (long) metrics.value("nsr_writer_files_total", "source", name)
                    + " queue=" + (long) metrics.value("nsr_queue_depth", "queue", name));
        }
        return out;
    }

    private Set<String> liveSources() {
        Set<String> names = new TreeSet<>();
        metrics.seriesOf("nsr_source_records_total").forEach(s -> {
            if (s.label("source") != null) {
                names.add(s.label("source"));
            }
        });
        return names;
    }

    @Override
    public List<String> sourceNames() {
        return List.copyOf(liveSources());
    }
}

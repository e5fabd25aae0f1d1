package org.nsr.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.layout.RecordingFileName;
import org.nsr.metrics.Metrics;

class ArchivedTrackerTest {
    private final Metrics metrics = new Metrics();
    private final Watermarks watermarks = new Watermarks(metrics);
    private final FileEvents events = new FileEvents();

    private static RecordingFileName name(String stamp) {
        return new RecordingFileName(stamp, "s");
    }

    private void completed(String stamp, long covers) {
        events.publish(new FileEvent.FileCompleted("s", Path.of(stamp + "_s.json"), name(stamp), covers));
    }

    private void archived(String stamp, boolean recovered) {
        events.publish(new FileEvent.FileArchived("s", Path.of(stamp + "_s_json.zip"), name(stamp), recovered));
    }

    @Test
    void theArchivedWatermarkReachesAFileOnlyOnceItAndEveryEarlierFileAreArchived() {
        events.subscribe(new ArchivedTracker(watermarks));
        List<Long> seen = new ArrayList<>();
        watermarks.archived("s").subscribe(seen::add);
        completed("2026_01_01_00-00-00", 10);
        completed("2026_01_01_00-02-00", 20);
        completed("2026_01_01_00-04-00", 30);

        archived("2026_01_01_00-02-00", false); // a second worker finished first
        assertEquals(0, watermarks.archived("s").value(), "the first file is not archived yet");
        archived("2026_01_01_00-00-00", false);
        assertEquals(20, watermarks.archived("s").value());
        archived("2025_12_31_23-58-00", true); // an earlier run's file: none of this run's numbers
        assertEquals(20, watermarks.archived("s").value());
        archived("2026_01_01_00-04-00", false);
        assertEquals(30, watermarks.archived("s").value());
        assertEquals(List.of(20L, 30L), seen, "subscribers hear every advance");
        assertEquals(30.0, metrics.value("nsr_sink_archived_seq", "source", "s"));
    }
}

package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nsr.metrics.Metrics;

class ComponentPanelsTest {
    private final Metrics metrics = new Metrics();
    private final ComponentPanels panels = new ComponentPanels(metrics);

    @Test
    void withoutAnIndexOrAConsoleThereIsNoPanelForThem() {
        assertNull(panels.index());
        assertNull(panels.console());
    }

    @Test
    void theIndexPanelShowsLagPerSourceAndFilesPerLevelAsTheIndexPublishesThem() {
        metrics.gauge("nsr_index_lag_records", "lag", () -> 17, "source", "flows");
        metrics.counter("nsr_index_flows_total", "flows", "source", "flows").add(900);
        metrics.gauge("nsr_index_files", "files", () -> 5, "index", "src_ip");
        metrics.gauge("nsr_index_level_files", "per level", () -> 4, "index", "src_ip", "level", "0");
        metrics.gauge("nsr_index_level_files", "per level", () -> 1, "index", "src_ip", "level", "1");
        Map<String, Object> ix = panels.index();
        assertEquals(List.of(Map.of("source", "flows", "lag_records", 17L, "flows", 900L, "dropped", 0L)),
                ix.get("sources"));
        assertEquals(Map.of("src_ip", Map.of("files", 5L, "levels", Map.of("0", 4L, "1", 1L))), ix.get("indexes"));
    }

    @Test
    void theConsolePanelShowsConnectionsAndSaysWhenSubscriptionsAreNotPublished() {
        metrics.gauge("nsr_console_connections", "open", () -> 2);
        metrics.counter("nsr_console_connections_total", "c", "result", "accepted").add(3);
        Map<String, Object> co = panels.console();
        assertEquals(2L, co.get("connections_open"));
        assertEquals(3L, co.get("accepted"));
        assertNull(co.get("subscriptions"));
        metrics.gauge("nsr_console_subscriptions", "subs", () -> 4);
        assertEquals(4L, panels.console().get("subscriptions"));
    }

    @Test
    void aConsoleGaugeNamedOpenIsReadToo() {
        metrics.gauge("nsr_console_connections_open", "open", () -> 5);
        assertEquals(5L, panels.console().get("connections_open"));
    }
}

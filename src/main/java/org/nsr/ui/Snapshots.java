package org.nsr.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the dashboard's snapshot once a tick and keeps the last 15 minutes of chart points, so a
 * page that connects gets the history at once and then one small event a second. The history is a
 * ring of {@link #HISTORY} points: the server's memory does not grow with uptime, and neither does
 * the page's, which keeps the same number of points.
 *
 * <p>Called from one thread (the publisher's); {@link #history()} may be called from handler threads.
 */
final class Snapshots {
    static final int HISTORY = 900;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricsDigest digest;
    private final ComponentPanels components;
    private final TrafficWindow traffic;
    private final List<Panel> panels;
    private final ArrayDeque<Map<String, Object>> points = new ArrayDeque<>();

    Snapshots(MetricsDigest digest, ComponentPanels components, TrafficWindow traffic, List<Panel> panels) {
        this.digest = digest;
        this.components = components;
        this.traffic = traffic;
        this.panels = List.copyOf(panels);
    }

    /**
     * The snapshot of this tick as one SSE {@code data:} payload.
     *
     * @param wallMillis the time shown on the charts
     * @param trafficSecond the whole second of traffic to chart (the flows' time, one second back)
     */
    String tick(long nowNanos, long wallMillis, long trafficSecond) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("time", wallMillis);
        List<Map<String, Object>> sources = digest.perSource(nowNanos);
        s.put("sources", sources);
        s.put("pipeline", digest.pipeline(nowNanos));
        Map<String, Object> index = components.index();
        if (index != null) {
            s.put("index", index);
        }
        Map<String, Object> console = components.console();
        if (console != null) {
            s.put("console", console);
        }
        long[] sec = traffic.second(trafficSecond);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("second", trafficSecond);
        t.put("bytes_per_s", sec[0]);
        t.put("flows_per_s", sec[1]);
        t.put("flows_total", traffic.totalFlows());
        t.put("overflow_flows", traffic.overflowFlows());
        t.put("talkers_1m", traffic.topTalkers(1, 10));
        t.put("talkers_5m", traffic.topTalkers(5, 10));
        t.put("conversations_1m", traffic.topConversations(1, 10));
        t.put("conversations_5m", traffic.topConversations(5, 10));
        t.put("protocols_1m", traffic.protocolMix(1));
        s.put("traffic", t);
        for (Panel p : panels) {
            s.put(p.key(), p.snapshot(nowNanos));
        }
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("t", wallMillis / 1000.0);
        Map<String, Object> rates = new LinkedHashMap<>();
        sources.forEach(m -> rates.put((String) m.get("name"), m.get("rate")));
        point.put("rates", rates);
        point.put("bytes_per_s", sec[0]);
        point.put("flows_per_s", sec[1]);
        if (s.get("attacks") instanceof Map<?, ?> attacks) {
            point.put("alerts", attacks.get("active"));
        }
        synchronized (points) {
            points.addLast(point);
            while (points.size() > HISTORY) {
                points.removeFirst();
            }
        }
        s.put("point", point);
        return write(s);
    }

    /** The chart points of the last 15 minutes as one JSON array. */
    String history() {
        List<Map<String, Object>> copy;
        synchronized (points) {
            copy = new ArrayList<>(points);
        }
        return write(Map.of("points", copy));
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dashboard snapshot cannot be written as JSON", e);
        }
    }
}

package org.nsr.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nsr.metrics.Metrics;

/**
 * The durable and archived {@link Watermark}s of every source, by source name, for the whole
 * run: a source restarted by a reload keeps its watermarks and its sequence numbers go on.
 * Each is exposed as {@code nsr_sink_durable_seq{source=}} and {@code nsr_sink_archived_seq{source=}}.
 */
public final class Watermarks {
    private final Metrics metrics;
    private final Map<String, Watermark> durable = new ConcurrentHashMap<>();
    private final Map<String, Watermark> archived = new ConcurrentHashMap<>();
    private final Map<String, SealRequest> seals = new ConcurrentHashMap<>();

    public Watermarks(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Every record of {@code source} up to the value is fsynced in a .json.part or .json. */
    public Watermark durable(String source) {
        return durable.computeIfAbsent(source, s -> register(new Watermark("durable " + s), "nsr_sink_durable_seq",
                "Sequence number up to which every record of the source is fsynced", s));
    }

    /** Every record of {@code source} up to the value is in a verified archive. */
    public Watermark archived(String source) {
        return archived.computeIfAbsent(source, s -> register(new Watermark("archived " + s),
                "nsr_sink_archived_seq", "Sequence number up to which every record of the source is archived", s));
    }

    /** Requests to publish {@code source}'s open file early, so its archived watermark can move now. */
    public SealRequest seal(String source) {
        return seals.computeIfAbsent(source, s -> new SealRequest());
    }

    private Watermark register(Watermark w, String metric, String help, String source) {
        metrics.gauge(metric, help, w::value, "source", source);
        return w;
    }
}

package org.nsr.source.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
import org.nsr.csv.RowJson;
import org.nsr.metrics.Counter;
import org.nsr.record.codec.JsonObjectCheck;
import org.nsr.redis.ReadEntry;
import org.nsr.redis.RedisUnavailableException;
import org.nsr.redis.StreamGroupReader;
import org.nsr.sink.Watermark;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a Redis stream read as a consumer group. Each entry becomes a {@code csv_row} line with
 * its stream ID ({@code redis_id}): the entry's {@code data} field when it is a JSON object (what
 * {@code nsr produce} writes), else its fields as an object of strings. An entry is XACKed only
 * when the archived watermark has passed its record, so what Redis forgets is in a verified zip.
 *
 * <p>At the first start it reads its own pending entries (delivered before a crash, never
 * acknowledged) and claims entries other consumers left idle for {@code claim_idle}: these are the
 * only possible duplicates, counted in {@code nsr_redis_redelivered_total} and logged; the stream
 * IDs in the archive tell the real ones. A lost connection is counted, logged once a streak, and
 * retried with a growing pause; what was read stays in order in the unacknowledged window.
 */
final class RedisSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(RedisSource.class);
    private static final int ACK_BATCH = 10_000;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final RedisSourceSpec spec;
    private final SourceContext context;
    private final Watermark archived;
    private final UnackedWindow window;
    private final Counter entries;
    private final Counter redelivered;
    private final Counter acked;
    private final Counter failures;
    private boolean reclaimed;

    RedisSource(RedisSourceSpec spec, SourceContext context) {
        this.spec = spec;
        this.context = context;
        this.archived = context.watermarks().archived(spec.name());
        this.window = new UnackedWindow(spec.maxUnacked());
        var m = context.metrics();
        String n = spec.name();
        entries = m.counter("nsr_redis_entries_total", "Stream entries recorded", "source", n);
        redelivered = m.counter("nsr_redis_redelivered_total", "Stream entries read again at start (own pending "
                + "or claimed): the only possible duplicates", "source", n);
        acked = m.counter("nsr_redis_acked_total", "Stream entries acknowledged after their record was archived",
                "source", n);
        failures = m.counter("nsr_redis_failures_total", "Failed Redis commands (each retried)", "source", n);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public void run(Channel out, StopSignal stop) throws Exception {
        Duration pause = FIRST_PAUSE;
        boolean failing = false;
        while (!stop.isRaised()) {
            try (StreamGroupReader reader = new StreamGroupReader(spec.endpoint(), spec.stream(), spec.group(),
                    spec.consumer())) {
                reader.ensureGroup(spec.start());
                if (failing) {
                    log.info("source {}: Redis at {} is back", spec.name(), spec.endpoint().address());
                    failing = false;
                    pause = FIRST_PAUSE;
                }
                if (!reclaimed) {
                    reclaim(reader, out);
                    reclaimed = true;
                }
                while (!stop.isRaised()) {
                    ack(reader);
                    if (window.isFull()) {
                        archived.await(window.oldestSeq(), Duration.ofSeconds(1));
                        continue;
                    }
                    int room = Math.min(spec.batch(), spec.maxUnacked() - window.size());
                    for (ReadEntry e : reader.readNew(room, spec.block().toMillis())) {
                        handOn(out, e);
                    }
                }
                ack(reader);
            } catch (RedisUnavailableException e) {
                failures.increment();
                if (!failing) {
                    log.warn("source {}: {}; retrying with a growing pause (counted in nsr_redis_failures_total)",
                            spec.name(), e.getMessage());
                    failing = true;
                }
                context.ticker().await(stop, pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** Takes back what this consumer held when it last stopped, and what others left idle. */
    private void reclaim(StreamGroupReader reader, Channel out) throws RedisUnavailableException, InterruptedException {
        long before = redelivered.get();
        String first = null;
        String last = null;
        List<ReadEntry> page;
        while (!(page = reader.ownPending(spec.batch())).isEmpty()) {
            for (ReadEntry e : page) {
                first = first == null ? e.id() : first;
                last = e.id();
                redelivered.increment();
                handOn(out, e);
            }
        }
        while (!(page = reader.claimIdle(spec.claimIdle().toMillis(), spec.batch())).isEmpty()) {
            for (ReadEntry e : page) {
                first = first == null ? e.id() : first;
                last = e.id();
                redelivered.increment();
                handOn(out, e);
            }
        }
        long n = redelivered.get() - before;
        if (n > 0) {
            log.warn("source {}: {} entries of {} were delivered before and not acknowledged (IDs {} .. {}); "
                    + "recorded again, so up to {} may be duplicates (nsr_redis_redelivered_total; verify lists "
                    + "repeated redis_id)", spec.name(), n, spec.stream(), first, last, n);
        }
    }

    private void handOn(Channel out, ReadEntry e) throws InterruptedException {
        StreamRecord r = record(context.ticker().epochNanos(), e);
        long seq = out.put(r);
        window.add(seq, r.bytes(), 0, r.idEnd());
        entries.increment();
    }

    private void ack(StreamGroupReader reader) throws RedisUnavailableException {
        long upTo = archived.value();
        List<byte[]> ids;
        while (!(ids = window.takeUpTo(upTo, ACK_BATCH)).isEmpty()) {
            reader.ack(ids);
            acked.add(ids.size());
        }
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    /**
     * The entry as recorded: its {@code data} field when it is a JSON object (compacted in place:
     * the array is the entry's own), else its fields as an object of strings.
     */
    static StreamRecord record(long timestampNanos, ReadEntry e) {
        byte[] b = e.bytes();
        int idEnd = e.end(0);
        int data = e.valuePart(DATA);
        if (data >= 0) {
            int end = JsonObjectCheck.compactObject(b, e.start(data), e.end(data));
            if (end != JsonObjectCheck.NOT_AN_OBJECT) {
                return new StreamRecord(timestampNanos, b, idEnd, e.start(data), end);
            }
        }
        byte[] row = rowJson(e.fields()).getBytes(StandardCharsets.UTF_8);
        byte[] idAndRow = Arrays.copyOf(b, idEnd + row.length);
        System.arraycopy(row, 0, idAndRow, idEnd, row.length);
        return new StreamRecord(timestampNanos, idAndRow, idEnd, idEnd, idAndRow.length);
    }

    static String rowJson(Map<String, String> fields) {
        String data = fields.get("data");
        if (data != null && isJsonObject(data)) {
            return data;
        }
        StringBuilder sb = new StringBuilder(128).append('{');
        boolean firstField = true;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!firstField) {
                sb.append(',');
            }
            firstField = false;
            RowJson.string(sb, f.getKey());
            sb.append(':');
            RowJson.string(sb, f.getValue());
        }
        return sb.append('}').toString();
    }

    /** True when {@code s} is exactly one well-formed JSON object: it goes into a line as it is. */
    static boolean isJsonObject(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return JsonObjectCheck.compactObject(b, 0, b.length) != JsonObjectCheck.NOT_AN_OBJECT;
    }
}

package org.nsr.sink.kafka;

import java.nio.charset.StandardCharsets;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;

/**
 * What a published record is keyed by, so a topic's partitioning follows it:
 * <ul>
 *   <li>{@code flow}: the IPv4 connection of the line's first flow (source and destination address
 *   and port, protocol: 13 bytes, big-endian), so every record of one connection lands in one
 *   partition, in order; a line without flows is keyed by its source;</li>
 *   <li>{@code source}: the source's name;</li>
 *   <li>{@code none}: no key (the producer spreads records over partitions).</li>
 * </ul>
 * Not thread-safe (one flow view): one per sending thread.
 */
public enum RecordKey {
    FLOW, SOURCE, NONE;

    /** The config spelling. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Builds keys for one source on one thread. */
    public Keyer keyer(String source) {
        return new Keyer(this, source.getBytes(StandardCharsets.UTF_8));
    }

    /** The key of one line; reuses a flow view, so one per thread. */
    public static final class Keyer {
        private final RecordKey kind;
        private final byte[] sourceKey;
        private final FlowView view = new FlowView();
        private byte[] found;

        private Keyer(RecordKey kind, byte[] sourceKey) {
            this.kind = kind;
            this.sourceKey = sourceKey;
        }

        /** The key for the line {@code b[off..off+len)}, or null for none. */
        public byte[] keyOf(byte[] b, int off, int len, long timestampNanos) {
            switch (kind) {
                case NONE:
                    return null;
                case SOURCE:
                    return sourceKey;
                default:
                    found = null;
                    view.visit(b, off, len, timestampNanos, this::firstFlow);
                    return found != null ? found : sourceKey;
            }
        }

        private void firstFlow(Flow f) {
            if (found == null) {
                found = connection4(f);
            }
        }
    }

    /** The 13-byte connection key of an IPv4 flow. */
    static byte[] connection4(Flow f) {
        byte[] k = new byte[13];
        putInt(k, 0, f.srcIp());
        putInt(k, 4, f.dstIp());
        k[8] = (byte) (f.srcPort() >>> 8);
        k[9] = (byte) f.srcPort();
        k[10] = (byte) (f.dstPort() >>> 8);
        k[11] = (byte) f.dstPort();
        k[12] = (byte) f.protocol();
        return k;
    }

    private static void putInt(byte[] k, int at, int v) {
        k[at] = (byte) (v >>> 24);
        k[at + 1] = (byte) (v >>> 16);
        k[at + 2] = (byte) (v >>> 8);
        k[at + 3] = (byte) v;
    }
}

package org.nsr.classes;

import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.record.codec.DirectFlows;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.write.RecordGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A storage class's {@code cutoff: N}: the writer of the class keeps the first N records of each
 * connection (its direction-normalised connection4 key) per file, and counts the rest: in the
 * file's facts (by the writer), in {@code nsr_class_cutoff_records_total{source,class}}, and in the
 * log when the file is published. Only records of one flow belong to one connection: a record of
 * several flows (an NDTwin poll) is always kept.
 *
 * <p>Bounded: at most {@link #MAX_CONNECTIONS} connections are counted per file; records of further
 * connections are kept (never lost) and counted in {@code nsr_class_cutoff_untracked_records_total}.
 *
 * <p>Not thread-safe: the class writer's thread only.
 */
public final class ConnectionCutoff implements RecordGate, FlowVisitor {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCutoff.class);
    static final int MAX_CONNECTIONS = 1 << 20;

    private final String stream;
    private final long cutoff;
    private final ConnectionCounts counts;
    private final Counter cut;
    private final Counter untracked;
    private final FlowView view = new FlowView();
    private final Flow scratch = new Flow();
    private int flows;
    private int protocol;
    private int srcIp;
    private int srcPort;
    private int dstIp;
    private int dstPort;
    private boolean warnedFull;

    public ConnectionCutoff(String source, String storageClass, long cutoff, Metrics metrics) {
        this(source, storageClass, cutoff, metrics, MAX_CONNECTIONS);
    }

    ConnectionCutoff(String source, String storageClass, long cutoff, Metrics metrics, int maxConnections) {
        this.stream = source + "+" + storageClass;
        this.cutoff = cutoff;
        this.counts = new ConnectionCounts(maxConnections);
        this.cut = metrics.counter("nsr_class_cutoff_records_total", "Records a storage class's cutoff kept out of "
                + "its files (each file's facts carry its own count)", "source", source, "class", storageClass);
        this.untracked = metrics.counter("nsr_class_cutoff_untracked_records_total", "Records kept because the "
                + "cutoff's table of connections in the file was full", "source", source, "class", storageClass);
    }

    @Override
    public void fileOpened() {
        counts.clear();
        warnedFull = false;
    }

    @Override
    public boolean keep(Record record, byte[] line, int off, int len) {
        flows = 0;
        if (record instanceof DirectFlows d) {
            d.flows(scratch, this);
        } else {
            view.visit(line, off, len, record.timestampNanos(), this);
        }
        if (flows != 1) {
            return true;
        }
        int n = counts.increment(protocol, srcIp, srcPort, dstIp, dstPort);
        if (n < 0) {
            untracked.increment();
            if (!warnedFull) {
                warnedFull = true;
                log.warn("{}: cutoff counts {} connections in this file, its most; records of further connections "
                        + "are kept whole (counted in nsr_class_cutoff_untracked_records_total)", stream,
                        counts.size());
            }
            return true;
        }
        if (n <= cutoff) {
            return true;
        }
        cut.increment();
        return false;
    }

    @Override
    public void flow(Flow f) {
        if (++flows == 1) {
            protocol = f.protocol();
            srcIp = f.srcIp();
            srcPort = f.srcPort();
            dstIp = f.dstIp();
            dstPort = f.dstPort();
        }
    }

    @Override
    public void fileFinished(String fileName, long keptOut) {
        if (keptOut > 0) {
            log.info("{}: cutoff {} kept {} records out of {} ({} connections); counted in its facts and in "
                    + "nsr_class_cutoff_records_total", stream, cutoff, keptOut, fileName, counts.size());
        }
    }
}

package org.nsr.classes;

import java.util.List;
import org.nsr.config.ClassMatch;
import org.nsr.config.StorageClasses;
import org.nsr.config.StorageClasses.StorageClass;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.DirectFlows;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;

/**
 * Which storage class a record goes to: the class of highest precedence whose {@code match} every
 * flow of the record meets; a record with no readable flow (a graph poll, an error line), or whose
 * flows no single class takes all of, goes to the class without {@code match}. A single-flow record
 * (a generator flow, an ingest or CSV row) thus goes where its flow goes; a poll of many flows is
 * only taken by a class that takes all of them, so no flow is kept shorter than the catch-all keeps it.
 *
 * <p>Flows come from the record itself when it can hand them over ({@link DirectFlows}), else from
 * its line through the flow view. Not thread-safe: one per source, on its producer thread.
 */
public final class ClassRouting implements FlowVisitor {
    /** Lanes are numbered as {@link StorageClasses#classes()}: by precedence, the catch-all last. */
    private final ClassMatch[] matches;
    private final int catchAll;
    private final FlowView view = new FlowView();
    private final Flow scratch = new Flow();
    private final LineBuffer line = new LineBuffer(4096);
    /** Bit i: class i takes every flow seen so far of the record being routed. */
    private long candidates;

    public ClassRouting(StorageClasses classes) {
        List<StorageClass> all = classes.classes();
        if (all.size() > 64) {
            throw new IllegalArgumentException("at most 64 storage classes, got " + all.size());
        }
        this.catchAll = all.size() - 1;
        this.matches = new ClassMatch[catchAll];
        for (int i = 0; i < catchAll; i++) {
            matches[i] = all.get(i).match();
        }
    }

    /** The lane (index in {@link StorageClasses#classes()}) of {@code record}. */
    public int laneOf(Record record) {
        if (catchAll == 0) {
            return 0;
        }
        candidates = catchAll == 64 ? -1L : (1L << catchAll) - 1;
        int n;
        if (record instanceof DirectFlows d) {
            n = d.flows(scratch, this);
        } else {
            line.reset();
            record.writeJson(line);
            n = view.visit(line.array(), 0, line.size(), record.timestampNanos(), this);
        }
        if (n <= 0 || candidates == 0) {
            return catchAll;
        }
        return Long.numberOfTrailingZeros(candidates);
    }

    @Override
    public void flow(Flow f) {
        long c = candidates;
        while (c != 0) {
            int i = Long.numberOfTrailingZeros(c);
            c &= c - 1;
            if (!matches(matches[i], f)) {
                candidates &= ~(1L << i);
            }
        }
    }

    @Override
    public void notAFlow() {
        candidates = 0; // an entry no class can judge: the record stays with the catch-all
    }

    /** Every key the match gives holds for the flow. */
    static boolean matches(ClassMatch m, Flow f) {
        if (m.protocol() >= 0 && f.protocol() != m.protocol()) {
            return false;
        }
        if (m.port() >= 0 && f.srcPort() != m.port() && f.dstPort() != m.port()) {
            return false;
        }
        if (m.srcPort() >= 0 && f.srcPort() != m.srcPort()) {
            return false;
        }
        if (m.dstPort() >= 0 && f.dstPort() != m.dstPort()) {
            return false;
        }
        if (m.ip() != null && !m.ip().contains(f.srcIp()) && !m.ip().contains(f.dstIp())) {
            return false;
        }
        if (m.srcIp() != null && !m.srcIp().contains(f.srcIp())) {
            return false;
        }
        return m.dstIp() == null || m.dstIp().contains(f.dstIp());
    }
}

package org.nsr.classes;

import java.util.List;
import java.util.function.LongSupplier;
import org.nsr.channel.RecordQueue;
import org.nsr.config.StorageClasses;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.sink.Sink;
import org.nsr.sink.Watermark;
import org.nsr.sink.Watermarks;

/**
 * The file sink of a source with storage classes: hands each record to the queue of its class's
 * writer (the class's own {@link org.nsr.write.QueueWriter}, blocking like the one file sink of a
 * source without classes), and keeps the source's durable and archived watermarks and seal requests
 * in step with the classes' ({@link LaneProgress}), so a source still learns when its own record N
 * is safe. Records per class are counted in {@code nsr_class_records_total{source,class}}.
 *
 * <p>Threading: {@link #accept} on the source's ordered producer thread.
 */
public final class ClassRouter implements Sink {
    private final ClassRouting routing;
    private final Lane[] lanes;
    private final LaneProgress durable;
    private final LaneProgress archived;
    private int lastLane = -1;

    /** One class's queue with the sinks that follow its writer (the index feed), all fed that class's records. */
    public record Lane(String storageClass, RecordQueue queue, List<Sink> followers) {
        public Lane {
            followers = List.copyOf(followers);
        }
    }

    /**
     * @param lanes one per class, in the order of {@code classes.classes()}
     * @param lastSeq the source's number before the first record this router sees (a reload's successor goes on)
     * @param watermarks the source's watermarks (moved here) and the lanes' (moved by their writers),
     *     the lanes' named by their queues
     */
    public ClassRouter(String source, StorageClasses classes, List<Lane> lanes, long lastSeq, Watermarks watermarks,
            Metrics metrics) {
        this.routing = new ClassRouting(classes);
        this.lanes = lanes.toArray(new Lane[0]);
        Watermark[] durables = new Watermark[lanes.size()];
        Watermark[] archives = new Watermark[lanes.size()];
        LongSupplier[] accepted = new LongSupplier[lanes.size()];
        this.counted = new Counter[lanes.size()];
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            durables[i] = watermarks.durable(lane.queue().name());
            archives[i] = watermarks.archived(lane.queue().name());
            accepted[i] = lane.queue()::acceptedSeq;
            counted[i] = metrics.counter("nsr_class_records_total", "Records a source handed to a storage class",
                    "source", source, "class", lane.storageClass());
        }
        this.durable = new LaneProgress(watermarks.durable(source), durables, accepted, lastSeq);
        this.archived = new LaneProgress(watermarks.archived(source), archives, accepted, lastSeq);
        watermarks.durable(source).onWanted(durable::wantAll);
        watermarks.seal(source).onRequest(() -> {
            for (Lane l : this.lanes) {
                long upTo = l.queue().acceptedSeq();
                if (upTo > 0) {
                    watermarks.seal(l.queue().name()).request(upTo);
                }
            }
        });
    }

    private final Counter[] counted;

    @Override
    public String name() {
        return "file classes";
    }

    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public void accept(Record record, long seq) throws InterruptedException {
        int lane = routing.laneOf(record);
        if (lane != lastLane) {
            durable.switchTo(lane, seq);
            archived.switchTo(lane, seq);
            lastLane = lane;
        }
        Lane l = lanes[lane];
        long laneSeq = l.queue().put(record);
        for (Sink s : l.followers()) {
            s.accept(record, laneSeq);
        }
        counted[lane].increment();
        durable.routed(seq, laneSeq);
        archived.routed(seq, laneSeq);
    }

    /** The source's number of the last record routed. */
    public long lastSeq() {
        return durable.lastRouted();
    }

    @Override
    public void sourceEnded() {
        for (Lane l : lanes) {
            l.followers().forEach(Sink::sourceEnded);
        }
    }
}

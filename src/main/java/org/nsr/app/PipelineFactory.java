package org.nsr.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nsr.channel.Channel;
import org.nsr.channel.RecordQueue;
import org.nsr.classes.ClassRouter;
import org.nsr.classes.ConnectionCutoff;
import org.nsr.config.StorageClasses;
import org.nsr.layout.RecordingFileName;
import org.nsr.write.RecordGate;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.Service;
import org.nsr.metrics.Metrics;
import org.nsr.sink.FanOutChannel;
import org.nsr.sink.FileEvents;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;
import org.nsr.sink.Syncer;
import org.nsr.sink.Watermarks;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceRunner;
import org.nsr.source.SourceSpec;
import org.nsr.write.CompletedFileListener;
import org.nsr.write.FileNamer;
import org.nsr.write.FileSink;
import org.nsr.write.QueueWriter;
import org.nsr.write.WriterSettings;

/**
 * Builds the pipeline of one source: its queue, file writer, further sinks and source runner.
 * Keeps, per source name for the whole run, the file namer (a source restarted by a reload
 * never reuses a name) and the sequence number reached (its numbers go on).
 */
final class PipelineFactory {
    private final Ticker ticker;
    private final Metrics metrics;
    private final Watermarks watermarks;
    private final FileEvents events;
    private final Syncer syncer;
    private final Map<String, FileNamer> namers = new HashMap<>();
    private final Map<String, RecordQueue> lastQueue = new HashMap<>();
    private WriterSettings settings;
    private String instance = "";
    private CompletedFileListener afterWriter;
    private List<SinkFactory> sinkTypes = List.of();
    private org.nsr.write.FileTap tap = org.nsr.write.FileTap.NONE;
    private StorageClasses classes = StorageClasses.NONE;
    /** With storage classes: each source's last router, whose numbers its successor goes on from. */
    private final Map<String, ClassRouter> lastRouter = new HashMap<>();

    PipelineFactory(Ticker ticker, Metrics metrics, Watermarks watermarks, FileEvents events, Syncer syncer) {
        this.ticker = ticker;
        this.metrics = metrics;
        this.watermarks = watermarks;
        this.events = events;
        this.syncer = syncer;
    }

    /** What every writer writes beside its files (the column sidecars). */
    void tap(org.nsr.write.FileTap fileTap) {
        this.tap = fileTap;
    }

    void configure(WriterSettings writerSettings, String instanceId, CompletedFileListener listener,
            List<SinkFactory> types, StorageClasses storageClasses) {
        this.classes = storageClasses;
        this.settings = writerSettings;
        this.instance = instanceId;
        this.afterWriter = listener;
        this.sinkTypes = types;
    }

    /** The same queue, writer and sinks with a new source: a reload's handover. */
    Pipeline successor(Pipeline old, ConfiguredSource next) {
        Source source = build(next);
        SourceRunner runner = new SourceRunner(source, old.runner().channel(), ticker, metrics);
        return new Pipeline(next, old.writers(), runner, old.taps());
    }

    private Source build(ConfiguredSource cs) {
        if (!(cs.spec() instanceof SourceSpec spec)) {
            throw new IllegalArgumentException("source " + cs.name() + ": type " + cs.spec().type()
                    + " was parsed by a type that cannot build sources");
        }
        return spec.create(new SourceContext(ticker, metrics, watermarks, settings.dir()));
    }

    /** The queue of a writer: its numbers go on from the queue of the same name a reload replaced. */
    private RecordQueue queue(String name, ConfiguredSource cs) {
        RecordQueue previous = lastQueue.get(name);
        RecordQueue queue = new RecordQueue(name, cs.queueCapacity(), cs.queueMaxBytes(),
                previous == null ? 0 : previous.acceptedSeq(), metrics, ticker);
        lastQueue.put(name, queue);
        return queue;
    }

    /** The namer of one file set: {@code writer} names the queue, the names carry source and class. */
    private FileNamer namer(String writer, String source, String storageClass) {
        return namers.computeIfAbsent(writer, n -> {
            try {
                return new FileNamer(source, storageClass, instance, settings.cycle(),
                        FileNamer.newestIn(settings.dir(), source, storageClass, instance));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + settings.dir() + " for the names of " + n, e);
            }
        });
    }

    Pipeline create(ConfiguredSource cs) {
        if (classes.configured()) {
            return createWithClasses(cs);
        }
        String name = cs.name();
        RecordQueue queue = queue(name, cs);
        FileNamer namer = namer(name, name, "");
        QueueWriter writer = new QueueWriter(queue, settings, namer, ticker, afterWriter, events,
                watermarks.durable(name), watermarks.seal(name), syncer, metrics).withTap(tap);
        List<Service> taps = new ArrayList<>();
        List<Sink> others = sourceSinks(cs, true, taps);
        Channel channel = others.isEmpty() ? queue
                : new FanOutChannel(name, queue.acceptedSeq(), aroundWriter(others, new FileSink(queue)));
        Source source = build(cs);
        SourceRunner runner = new SourceRunner(source, channel, ticker, metrics);
        return new Pipeline(cs, writer, runner, taps);
    }

    /**
     * A source with storage classes: one queue, writer and file set per class, named
     * {@code source+class}, each fed by the {@link ClassRouter} that takes the file writer's place;
     * sinks that follow a writer's files (the index feed) are made per class, the others per source.
     */
    private Pipeline createWithClasses(ConfiguredSource cs) {
        String name = cs.name();
        List<ClassRouter.Lane> lanes = new ArrayList<>();
        List<QueueWriter> writers = new ArrayList<>();
        List<Service> taps = new ArrayList<>();
        StorageClasses.StorageClass catchAll = classes.catchAll();
        for (StorageClasses.StorageClass c : classes.classes()) {
            String lane = name + RecordingFileName.CLASS_SEPARATOR + c.name();
            RecordQueue queue = queue(lane, cs);
            FileNamer namer = namer(lane, name, c == catchAll ? "" : c.name()); // the catch-all keeps plain names
            RecordGate gate = c.cutoff() > 0 ? new ConnectionCutoff(name, c.name(), c.cutoff(), metrics) : null;
            writers.add(new QueueWriter(queue, settings, namer, ticker, afterWriter, events, watermarks.durable(lane),
                    watermarks.seal(lane), syncer, metrics, gate).withTap(tap));
            List<Sink> followers = new ArrayList<>();
            for (SinkFactory type : sinkTypes) {
                if (type.followsWriter()) {
                    followers.addAll(type.create(lane, metrics));
                }
            }
            followers.stream().filter(s -> s instanceof Service).forEach(s -> taps.add((Service) s));
            lanes.add(new ClassRouter.Lane(c.name(), queue, followers));
        }
        ClassRouter previous = lastRouter.get(name);
        long lastSeq = previous == null ? 0 : previous.lastSeq();
        ClassRouter router = new ClassRouter(name, classes, lanes, lastSeq, watermarks, metrics);
        lastRouter.put(name, router);
        List<Sink> others = sourceSinks(cs, false, taps);
        FanOutChannel channel = new FanOutChannel(name, lastSeq, aroundWriter(others, router));
        SourceRunner runner = new SourceRunner(build(cs), channel, ticker, metrics);
        return new Pipeline(cs, writers, runner, taps);
    }

    /** The sinks the configured types make for the source (those that follow a writer only if asked); services join {@code taps}. */
    private List<Sink> sourceSinks(ConfiguredSource cs, boolean withWriterFollowers, List<Service> taps) {
        List<Sink> made = new ArrayList<>();
        for (SinkFactory type : sinkTypes) {
            if (!withWriterFollowers && type.followsWriter()) {
                continue;
            }
            for (Sink s : type.create(cs.spec(), metrics)) {
                made.add(s);
                if (s instanceof Service service) {
                    taps.add(service);
                }
            }
        }
        return made;
    }

    /** The order each record takes: the sinks that must see it before the writer, the writer, the rest. */
    private static List<Sink> aroundWriter(List<Sink> others, Sink writer) {
        List<Sink> all = new ArrayList<>();
        others.stream().filter(Sink::beforeWriter).forEach(all::add);
        all.add(writer);
        others.stream().filter(s -> !s.beforeWriter()).forEach(all::add);
        return all;
    }
}

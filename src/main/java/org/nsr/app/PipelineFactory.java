package org.nsr.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nsr.channel.Channel;
import org.nsr.channel.RecordQueue;
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
            List<SinkFactory> types) {
        this.settings = writerSettings;
        this.instance = instanceId;
        this.afterWriter = listener;
        this.sinkTypes = types;
    }

    /** The same queue, writer and sinks with a new source: a reload's handover. */
    Pipeline successor(Pipeline old, ConfiguredSource next) {
        Source source = build(next);
        SourceRunner runner = new SourceRunner(source, old.runner().channel(), ticker, metrics);
        return new Pipeline(next, old.queue(), old.writer(), runner, old.taps());
    }

    private Source build(ConfiguredSource cs) {
        if (!(cs.spec() instanceof SourceSpec spec)) {
            throw new IllegalArgumentException("source " + cs.name() + ": type " + cs.spec().type()
                    + " was parsed by a type that cannot build sources");
        }
        return spec.create(new SourceContext(ticker, metrics, watermarks, settings.dir()));
    }

    Pipeline create(ConfiguredSource cs) {
        String name = cs.name();
        RecordQueue previous = lastQueue.get(name);
        RecordQueue queue = new RecordQueue(name, cs.queueCapacity(), cs.queueMaxBytes(),
                previous == null ? 0 : previous.acceptedSeq(), metrics, ticker);
        lastQueue.put(name, queue);
        FileNamer namer = namers.computeIfAbsent(name, n -> {
            try {
                return new FileNamer(n, instance, settings.cycle(), FileNamer.newestIn(settings.dir(), n, instance));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + settings.dir() + " for the names of " + n, e);
            }
        });
        QueueWriter writer = new QueueWriter(queue, settings, namer, ticker, afterWriter, events,
                watermarks.durable(name), watermarks.seal(name), syncer, metrics).withTap(tap);
        List<Sink> others = new ArrayList<>();
        List<Service> taps = new ArrayList<>();
        for (SinkFactory type : sinkTypes) {
            for (Sink s : type.create(cs.spec(), metrics)) {
                others.add(s);
                if (s instanceof Service service) {
                    taps.add(service);
                }
            }
        }
        List<Sink> all = new ArrayList<>();
        others.stream().filter(Sink::beforeWriter).forEach(all::add);
        all.add(new FileSink(queue));
        others.stream().filter(s -> !s.beforeWriter()).forEach(all::add);
        Channel channel = others.isEmpty() ? queue : new FanOutChannel(name, queue.acceptedSeq(), all);
        Source source = build(cs);
        SourceRunner runner = new SourceRunner(source, channel, ticker, metrics);
        return new Pipeline(cs, queue, writer, runner, taps);
    }
}

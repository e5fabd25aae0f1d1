package org.nsr.app;

import java.util.ArrayList;
import java.util.List;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.lifecycle.Service;
import org.nsr.lifecycle.ServiceManager;
import org.nsr.source.SourceRunner;
import org.nsr.write.QueueWriter;

/**
 * One source with its queue, file writer and further sinks, as services of the manager: the
 * sinks before the writer before the source, so a stop drains them in the right order. A source
 * with storage classes has one queue and writer per class ({@code classes:}), the catch-all last.
 */
record Pipeline(ConfiguredSource source, List<QueueWriter> writers, SourceRunner runner, List<Service> taps) {

    Pipeline {
        writers = List.copyOf(writers);
        taps = List.copyOf(taps);
    }

    Pipeline(ConfiguredSource source, QueueWriter writer, SourceRunner runner, List<Service> taps) {
        this(source, List.of(writer), runner, taps);
    }

    /** Every writer has drained and ended. */
    boolean writersFinished() {
        return writers.stream().allMatch(QueueWriter::isFinished);
    }

    /** Every writer TERMINATED: drained and gone. */
    boolean writersTerminated() {
        return writers.stream().allMatch(w -> w.state() == Service.State.TERMINATED);
    }

    /** Every service of the pipeline. */
    List<Service> services() {
        List<Service> all = new ArrayList<>(taps);
        all.addAll(writers);
        all.add(runner);
        return all;
    }

    /** Registers the services, to be started with the rest. */
    void register(ServiceManager manager) {
        taps.forEach(t -> manager.add(Layers.TAPS, t));
        writers.forEach(w -> manager.add(Layers.WRITERS, w));
        manager.add(Layers.SOURCES, runner);
    }

    /** Registers and starts the services in a running recorder (a reload). */
    void start(ServiceManager manager) throws InterruptedException {
        for (Service t : taps) {
            manager.addAndStart(Layers.TAPS, t);
        }
        for (QueueWriter w : writers) {
            manager.addAndStart(Layers.WRITERS, w);
        }
        manager.addAndStart(Layers.SOURCES, runner);
    }
}

package org.nsr.app;

import java.util.ArrayList;
import java.util.List;
import org.nsr.channel.RecordQueue;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.lifecycle.Service;
import org.nsr.lifecycle.ServiceManager;
import org.nsr.source.SourceRunner;
import org.nsr.write.QueueWriter;

/**
 * One source with its queue, file writer and further sinks, as services of the manager: the
 * sinks before the writer before the source, so a stop drains them in the right order.
 */
record Pipeline(ConfiguredSource source, RecordQueue queue, QueueWriter writer, SourceRunner runner,
        List<Service> taps) {

    Pipeline {
        taps = List.copyOf(taps);
    }

    /** Every service of the pipeline. */
    List<Service> services() {
        List<Service> all = new ArrayList<>(taps);
        all.add(writer);
        all.add(runner);
        return all;
    }

    /** Registers the services, to be started with the rest. */
    void register(ServiceManager manager) {
        taps.forEach(t -> manager.add(Layers.TAPS, t));
        manager.add(Layers.WRITERS, writer);
        manager.add(Layers.SOURCES, runner);
    }

    /** Registers and starts the services in a running recorder (a reload). */
    void start(ServiceManager manager) throws InterruptedException {
        for (Service t : taps) {
            manager.addAndStart(Layers.TAPS, t);
        }
        manager.addAndStart(Layers.WRITERS, writer);
        manager.addAndStart(Layers.SOURCES, runner);
    }
}

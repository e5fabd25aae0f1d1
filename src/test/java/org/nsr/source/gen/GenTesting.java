package org.nsr.source.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nsr.config.ConfigException;
import org.nsr.record.SortField;

/** Shared helpers for the generator tests. */
final class GenTesting {
    private GenTesting() {
    }

    static GeneratorConfig config(Path dir, String yaml) throws IOException, ConfigException {
        Path file = Files.createTempFile(dir, "flowgen", ".yaml");
        Files.writeString(file, yaml);
        return GeneratorConfigParser.load(file);
    }

    /** Every flow of a run, chunk by chunk, as the collector emitted them. */
    static final class CollectingSink implements ChunkSink {
        final List<List<FlowRecord>> chunks = new ArrayList<>();

        @Override
        public void accept(List<FlowRecord> sortedChunk) {
            chunks.add(List.copyOf(sortedChunk));
        }

        List<FlowRecord> flows() {
            List<FlowRecord> all = new ArrayList<>();
            chunks.forEach(all::addAll);
            return all;
        }
    }

    static List<List<FlowRecord>> run(GeneratorConfig config, int streams, long flows, long seed, long windowNanos,
            SortField sort, int batch, int queue) throws IOException, InterruptedException {
        CollectingSink sink = new CollectingSink();
        new FlowGeneration(config, streams, flows, seed, windowNanos, sort, batch, queue).run(sink);
        return sink.chunks;
    }

    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
    }
}

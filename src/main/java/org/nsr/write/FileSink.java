package org.nsr.write;

import org.nsr.channel.RecordQueue;
import org.nsr.record.Record;
import org.nsr.sink.Sink;

/**
 * The file writer as a {@link Sink}: records go into its bounded queue, which blocks the source
 * when the writer is behind (back-pressure; nothing accepted is lost). A source whose only sink
 * this is writes to the queue directly.
 */
public final class FileSink implements Sink {
    private final RecordQueue queue;

    public FileSink(RecordQueue queue) {
        this.queue = queue;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public void accept(Record record, long seq) throws InterruptedException {
        queue.put(record); // fed only through the fan-out, so the queue's own number is seq
    }

    public RecordQueue queue() {
        return queue;
    }
}

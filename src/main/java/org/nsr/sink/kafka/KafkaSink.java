package org.nsr.sink.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.nsr.config.ConfigException;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.sink.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one source's records to a Kafka topic, one record per line, without ever holding up
 * the file writer: {@link #accept} only offers to a bounded buffer, and the sink's own thread
 * hands records to the producer. A full buffer (the broker is down or slow), a send that cannot
 * get metadata or room within {@code max_block}, a delivery that fails and a record still
 * undelivered when the stop's flush runs out of time are each counted in
 * {@code nsr_kafka_sink_undelivered_total{source=,sink=,reason=}} (and together in
 * {@code nsr_sink_dropped_total}) and logged. Acknowledged records count in
 * {@code nsr_sink_records_total}.
 *
 * <p>Stop: the buffer is handed to the producer, then {@code flush()} runs for at most the sink's
 * {@code stop_timeout}, then {@code close()}; what did not make it is logged and counted.
 */
public final class KafkaSink extends AbstractExecutionThreadService implements Sink {
    private static final Logger log = LoggerFactory.getLogger(KafkaSink.class);
    private static final int BATCH = 1024;

    private record Item(Record record, long seq) {
    }

    private final KafkaSinkSpec spec;
    private final String source;
    private final String topic;
    private final ArrayBlockingQueue<Item> buffer;
    private final Metrics metrics;
    private final Counter delivered;
    private final Counter dropped;
    private final Counter bufferFull;
    private final Counter sendFailed;
    private final Counter deliveryFailed;
    private final Counter undeliveredAtStop;
    /** Sends handed to the producer minus completions; LongAdders, so the two threads do not share a cache line. */
    private final java.util.concurrent.atomic.LongAdder inFlight = new java.util.concurrent.atomic.LongAdder();
    /** One callback for every send: a method reference per send would allocate one object a record. */
    private final org.apache.kafka.clients.producer.Callback onCompletion = this::completed;
    private final AtomicBoolean deliveryFailing = new AtomicBoolean();
    private volatile boolean stopping;
    /** System.nanoTime() by which the stop must be done: handing on the buffer, then the flush. */
    private volatile long stopDeadline;
    private volatile boolean closing;
    private boolean dropping; // only the accepting (ordered) thread touches it
    private boolean sendFailing; // only the sink's thread
    private Producer<byte[], byte[]> producer;

    KafkaSink(KafkaSinkSpec spec, String source, Metrics metrics) {
        super("kafka sink " + spec.name() + " " + source);
        this.spec = spec;
        this.source = source;
        this.topic = spec.topicFor(source);
        this.buffer = new ArrayBlockingQueue<>(spec.buffer());
        this.metrics = metrics;
        String sink = spec.name();
        this.delivered = metrics.counter("nsr_sink_records_total", "Records a sink handed on", "source", source,
                "sink", sink);
        this.dropped = metrics.counter("nsr_sink_dropped_total", "Records a non-blocking sink dropped because it was "
                + "behind", "source", source, "sink", sink);
        String help = "Records the Kafka sink did not deliver, by reason";
        this.bufferFull = metrics.counter("nsr_kafka_sink_undelivered_total", help, "source", source, "sink", sink,
                "reason", "buffer_full");
        this.sendFailed = metrics.counter("nsr_kafka_sink_undelivered_total", help, "source", source, "sink", sink,
                "reason", "send_failed");
        this.deliveryFailed = metrics.counter("nsr_kafka_sink_undelivered_total", help, "source", source, "sink", sink,
                "reason", "delivery_failed");
        this.undeliveredAtStop = metrics.counter("nsr_kafka_sink_undelivered_total", help, "source", source, "sink",
                sink, "reason", "at_stop");
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public void accept(Record record, long seq) {
        if (buffer.offer(new Item(record, seq))) {
            dropping = false;
            return;
        }
        lost(bufferFull);
        if (!dropping) {
            dropping = true;
            log.warn("kafka sink {} of {} is behind (broker down or slow?): dropping records, counted in "
                    + "nsr_kafka_sink_undelivered_total{{reason=\"buffer_full\"}}; the file archive is not affected",
                    spec.name(), source);
        }
    }

    /** Records acknowledged by the broker. */
    public long deliveredCount() {
        return delivered.get();
    }

    /** Records not delivered, for any reason. */
    public long droppedCount() {
        return dropped.get();
    }

    @Override
    protected void startUp() throws ConfigException {
        try {
            producer = new KafkaProducer<>(spec.producerProperties(source));
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException("Recorder.data.sinks." + spec.name() + ": the Kafka producer refused its settings: "
                    + cause.getMessage(), e);
        }
        try { // the topic's metadata before the first record, so it does not wait for it (bounded by max_block)
            producer.partitionsFor(topic);
        } catch (RuntimeException e) {
            log.warn("kafka sink {} of {}: no metadata for topic {} yet ({}); recording goes on, records the sink "
                    + "cannot send are counted", spec.name(), source, topic, e.toString());
        }
        log.info("kafka sink {} of {}: publishing to topic {} on {} (acks={}, idempotence={}, key={}, compression={})",
                spec.name(), source, topic, spec.bootstrap(), spec.acks(), spec.idempotence(),
                spec.key().configName(), spec.compression());
    }

    @Override
    protected void run() throws InterruptedException {
        RecordKey.Keyer keyer = spec.key().keyer(source);
        LineBuffer line = new LineBuffer(512);
        List<Item> batch = new ArrayList<>(BATCH);
        while (true) {
            batch.clear();
            Item first = buffer.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            batch.add(first);
            buffer.drainTo(batch, BATCH - 1);
            for (int k = 0; k < batch.size(); k++) {
                if (stopping && System.nanoTime() - stopDeadline > 0) {
                    giveUpBuffered(batch.size() - k);
                    return;
                }
                send(batch.get(k), keyer, line);
            }
        }
    }

    /** At stop with sends still failing when the deadline is reached: what is left is counted, not sent. */
    private void giveUpBuffered(int inBatch) {
        long left = inBatch + buffer.size();
        buffer.clear();
        for (long i = 0; i < left; i++) {
            lost(undeliveredAtStop);
        }
        log.warn("kafka sink {} of {}: stop_timeout {} ms reached with {} records not yet handed to the producer; "
                + "counted in nsr_kafka_sink_undelivered_total{{reason=\"at_stop\"}}", spec.name(), source,
                spec.stopTimeout().toMillis(), left);
    }

    private void send(Item i, RecordKey.Keyer keyer, LineBuffer line) {
        line.reset();
        i.record().writeJson(line);
        byte[] value = line.toByteArray();
        byte[] key = keyer.keyOf(value, 0, value.length, i.record().timestampNanos());
        try {
            inFlight.increment();
            producer.send(new ProducerRecord<>(topic, key, value), onCompletion);
            sendFailing = false;
        } catch (RuntimeException e) { // metadata or buffer room not had within max_block, or the producer closed
            inFlight.decrement();
            lost(sendFailed);
            if (!sendFailing) {
                sendFailing = true;
                log.warn("kafka sink {} of {}: send to {} failed ({}); dropping and counting records until sends "
                        + "succeed again", spec.name(), source, topic, e.toString());
            }
        }
    }

    /** The producer's I/O thread: one call per record sent. */
    private void completed(RecordMetadata meta, Exception e) {
        inFlight.decrement();
        if (e == null) {
            delivered.increment();
            deliveryFailing.set(false);
            return;
        }
        if (closing) {
            lost(undeliveredAtStop);
            return;
        }
        lost(deliveryFailed);
        if (deliveryFailing.compareAndSet(false, true)) {
            log.warn("kafka sink {} of {}: delivery to {} failed ({}); counted in nsr_kafka_sink_undelivered_total",
                    spec.name(), source, topic, e.toString());
        }
    }

    private void lost(Counter reason) {
        reason.increment();
        dropped.increment();
    }

    @Override
    protected void triggerShutdown() {
        stopDeadline = System.nanoTime() + spec.stopTimeout().toNanos();
        stopping = true;
    }

    @Override
    protected void shutDown() throws InterruptedException {
        if (producer == null) {
            return;
        }
        long timeoutMs = Math.max(0, (stopDeadline - System.nanoTime()) / 1_000_000);
        // flush() has no timeout of its own: it runs beside us and we wait for it no longer than the deadline.
        CompletableFuture<Void> flush = CompletableFuture.runAsync(producer::flush, r -> {
            Thread t = new Thread(r, "kafka-sink-flush-" + spec.name() + "-" + source);
            t.setDaemon(true);
            t.start();
        });
        boolean flushed = false;
        try {
            flush.get(timeoutMs, TimeUnit.MILLISECONDS);
            flushed = true;
        } catch (TimeoutException e) {
            flushed = inFlight.sum() == 0; // the deadline was already spent handing on the buffer
        } catch (ExecutionException e) {
            flushed = false; // logged below
        }
        if (!flushed) {
            log.warn("kafka sink {} of {}: flush did not finish within stop_timeout {} ms; {} records still in flight",
                    spec.name(), source, spec.stopTimeout().toMillis(), inFlight.sum());
        }
        try {
            flush.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            log.warn("kafka sink {} of {}: flush failed: {}", spec.name(), source, e.getCause().toString());
        }
        long left = inFlight.sum();
        closing = true;
        producer.close(java.time.Duration.ZERO); // aborts what is left: its callbacks count it as undelivered at stop
        if (left > 0) {
            log.warn("kafka sink {} of {}: {} records not delivered at stop; counted in "
                    + "nsr_kafka_sink_undelivered_total{{reason=\"at_stop\"}}", spec.name(), source, left);
        }
        log.info("kafka sink {} of {}: stopped; {} records delivered, {} not delivered (see nsr_kafka_sink_undelivered_total)",
                spec.name(), source, delivered.get(), dropped.get());
    }
}

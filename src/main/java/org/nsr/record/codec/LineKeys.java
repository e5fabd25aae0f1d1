package org.nsr.record.codec;

import java.nio.charset.StandardCharsets;

/**
 * The key names of recorded lines, in one place. Encoders write them and decoders look for them;
 * nothing else in the code spells a line key. The NDTwin API's own keys, which appear inside poll
 * lines, are in {@link NdtwinKeys}.
 */
public final class LineKeys {
    /** Every line: epoch milliseconds (poll sources) or nanoseconds (generator), see {@link TimestampUnits}. */
    public static final String TIMESTAMP = "timestamp";

    /** A flow poll's array, as the recorder writes it (the default field of the flow source). */
    public static final String FLOWINFO = "flowinfo";
    /** A flow poll's array, as NDTwin's playback tools read it. */
    public static final String FLOW_INFO = "flow_info";
    /** A graph poll's parts (merged from the body object). */
    public static final String NODES = "nodes";
    public static final String EDGES = "edges";

    /** An error line: {@code {"timestamp":ms,"error":{"kind":..,"message":..,"status":..}}}. */
    public static final String ERROR = "error";
    public static final String ERROR_KIND = "kind";
    public static final String ERROR_MESSAGE = "message";
    public static final String ERROR_STATUS = "status";

    /** A generator flow line, in the order the generator writes them. */
    public static final String STREAM_ID = "stream_id";
    public static final String SRC_IP = "src_ip";
    public static final String DST_IP = "dst_ip";
    public static final String SRC_PORT = "src_port";
    public static final String DST_PORT = "dst_port";
    public static final String PROTOCOL = "protocol";
    public static final String PACKET_COUNT = "packet_count";
    public static final String BYTE_COUNT = "byte_count";

    /**
     * An ingest line ({@link IngestLine}): {@code {"timestamp":ms,"ingest":[{...}, ...]}}, one per
     * accepted POST, each entry with the Flow Aggregation Service's own field names.
     */
    public static final String INGEST = "ingest";
    public static final String SRC_APP = "src_app";
    public static final String DEST_APP = "dest_app";
    public static final String VPC_ID = "vpc_id";
    public static final String BYTES_TX = "bytes_tx";
    public static final String BYTES_RX = "bytes_rx";
    public static final String HOUR = "hour";
    public static final String TIME = "time";

    private LineKeys() {
    }

    /** The key as the bytes a scanner compares against: UTF-8, without quotes. */
    public static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

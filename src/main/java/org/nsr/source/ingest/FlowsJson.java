package org.nsr.source.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.nsr.aggregate.FlowTotals;
import org.nsr.record.codec.LineKeys;

/** The GET answer: {@code [{"src_app","dest_app","vpc_id","bytes_tx","bytes_rx","hour"(,"time")}, ...]}. */
final class FlowsJson {
    static final byte[] EMPTY = {'[', ']'};
    private static final JsonFactory JSON = new JsonFactory();

    private FlowsJson() {
    }

    /** @param withTime also write each row's hour start ({@code time}, epoch ms): range answers span hours */
    static byte[] write(List<List<FlowTotals>> hours, boolean withTime) {
        int rows = 0;
        for (List<FlowTotals> h : hours) {
            rows += h.size();
        }
        if (rows == 0) {
            return EMPTY;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 110);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (List<FlowTotals> h : hours) {
                for (FlowTotals t : h) {
                    g.writeStartObject();
                    g.writeStringField(LineKeys.SRC_APP, t.flow().srcApp());
                    g.writeStringField(LineKeys.DEST_APP, t.flow().destApp());
                    g.writeStringField(LineKeys.VPC_ID, t.flow().vpcId());
                    g.writeNumberField(LineKeys.BYTES_TX, t.bytesTx());
                    g.writeNumberField(LineKeys.BYTES_RX, t.bytesRx());
                    g.writeNumberField(LineKeys.HOUR, HourRule.hourOfDay(t.hourStartMillis()));
                    if (withTime) {
                        g.writeNumberField(LineKeys.TIME, t.hourStartMillis());
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }
}

package org.nsr.source.ingest;

import java.util.List;
import org.nsr.aggregate.FlowTotals;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.IngestLine;
import org.nsr.record.codec.LineKeys;

/**
 * The GET answer: {@code [{"src_app","dest_app","vpc_id","bytes_tx","bytes_rx","hour"(,"time")}, ...]}.
 * Written straight into one byte buffer (plain ASCII names are copied, others escaped): an hour of
 * 100,000 flows is about 11 MB, and a general JSON generator spent most of a GET on it.
 */
final class FlowsJson {
    static final byte[] EMPTY = {'[', ']'};
    private static final String SRC = "{\"" + LineKeys.SRC_APP + "\":";
    private static final String DST = ",\"" + LineKeys.DEST_APP + "\":";
    private static final String VPC = ",\"" + LineKeys.VPC_ID + "\":";
    private static final String TX = ",\"" + LineKeys.BYTES_TX + "\":";
    private static final String RX = ",\"" + LineKeys.BYTES_RX + "\":";
    private static final String HOUR = ",\"" + LineKeys.HOUR + "\":";
    private static final String TIME = ",\"" + LineKeys.TIME + "\":";

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
        LineBuffer out = new LineBuffer((int) Math.min(rows * 120L + 16, 64 << 20));
        out.append((byte) '[');
        boolean first = true;
        for (List<FlowTotals> h : hours) {
            for (FlowTotals t : h) {
                if (!first) {
                    out.append((byte) ',');
                }
                first = false;
                out.appendAscii(SRC);
                IngestLine.appendString(out, t.flow().srcApp());
                out.appendAscii(DST);
                IngestLine.appendString(out, t.flow().destApp());
                out.appendAscii(VPC);
                IngestLine.appendString(out, t.flow().vpcId());
                out.appendAscii(TX).appendLong(t.bytesTx());
                out.appendAscii(RX).appendLong(t.bytesRx());
                out.appendAscii(HOUR).appendLong(HourRule.hourOfDay(t.hourStartMillis()));
                if (withTime) {
                    out.appendAscii(TIME).appendLong(t.hourStartMillis());
                }
                out.append((byte) '}');
            }
        }
        out.append((byte) ']');
        return out.size() == out.array().length ? out.array() : out.toByteArray();
    }
}

package org.nsr.source.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.index.IndexKind;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;

/** The flows an ingest batch hands the index feed directly are the ones its recorded line reads back as. */
class IngestBatchFlowsTest {
    @Test
    void directFlowsAgreeWithTheLineReadBackAndCarryNoAddressSoTheIndexSkipsThem() {
        IngestBatch b = new IngestBatch(1_764_000_000_000L);
        b.add("web", "db", "vpc-1", 100, 500, 1_763_996_400_000L);
        b.add("web", "cache", "vpc-1", 7, 0, 1_763_992_800_000L);
        List<String> direct = new ArrayList<>();
        int n = b.flows(new Flow(), f -> {
            direct.add(f.timeNanos() + "/" + f.bytes() + "/" + f.srcIp() + "/" + f.dstIp());
            assertFalse(IndexKind.addressable(f), "an ingest flow has no address to index");
        });
        LineBuffer line = new LineBuffer(1024);
        b.writeJson(line);
        List<String> readBack = new ArrayList<>();
        int m = new FlowView().visit(line.array(), 0, line.size(), b.timestampNanos(),
                f -> readBack.add(f.timeNanos() + "/" + f.bytes() + "/" + f.srcIp() + "/" + f.dstIp()));
        assertEquals(2, n);
        assertEquals(2, m);
        assertEquals(readBack, direct);
    }
}

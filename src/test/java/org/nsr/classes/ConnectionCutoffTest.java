package org.nsr.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsr.classes.ClassRoutingTest.flow;

import org.junit.jupiter.api.Test;
import org.nsr.classes.ClassRoutingTest.LineRecord;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;

class ConnectionCutoffTest {
    private final Metrics metrics = new Metrics();
    private final LineBuffer line = new LineBuffer(256);

    private boolean keep(ConnectionCutoff c, Record r) {
        line.reset();
        r.writeJson(line);
        return c.keep(r, line.array(), 0, line.size());
    }

    @Test
    void onlyTheFirstNRecordsOfAConnectionPerFileAreKeptAndBothDirectionsAreOneConnection() {
        ConnectionCutoff c = new ConnectionCutoff("flows", "dns", 3, metrics);
        c.fileOpened();
        assertTrue(keep(c, flow(1, "10.0.0.5", 40000, "10.0.0.1", 53, 17)));
        assertTrue(keep(c, flow(2, "10.0.0.1", 53, "10.0.0.5", 40000, 17)), "the answer is the same connection");
        assertTrue(keep(c, flow(3, "10.0.0.5", 40000, "10.0.0.1", 53, 17)));
        assertFalse(keep(c, flow(4, "10.0.0.1", 53, "10.0.0.5", 40000, 17)), "the 4th record of it is cut");
        assertFalse(keep(c, flow(5, "10.0.0.5", 40000, "10.0.0.1", 53, 17)));
        assertTrue(keep(c, flow(6, "10.0.0.5", 40001, "10.0.0.1", 53, 17)), "another source port: another connection");
        assertTrue(keep(c, flow(7, "10.0.0.5", 40000, "10.0.0.1", 53, 6)), "another protocol: another connection");
        assertEquals(2, metrics.value("nsr_class_cutoff_records_total", "source", "flows", "class", "dns"));

        c.fileOpened(); // a new file counts again
        assertTrue(keep(c, flow(8, "10.0.0.5", 40000, "10.0.0.1", 53, 17)));
        assertEquals(2, metrics.value("nsr_class_cutoff_records_total", "source", "flows", "class", "dns"));
    }

    @Test
    void recordsOfSeveralFlowsOrNoneAreAlwaysKept() {
        ConnectionCutoff c = new ConnectionCutoff("polls", "d", 1, metrics);
        c.fileOpened();
        Record graph = new LineRecord(1, "{\"timestamp\":1,\"nodes\":[],\"edges\":[]}");
        for (int i = 0; i < 3; i++) {
            assertTrue(keep(c, graph));
        }
        String f = "{\"src_ip\":1,\"src_port\":2,\"dst_ip\":3,\"dst_port\":4,\"protocol_id\":6}";
        Record poll = new LineRecord(2, "{\"timestamp\":2,\"flowinfo\":[" + f + "," + f + "]}");
        assertTrue(keep(c, poll));
        assertTrue(keep(c, poll));
        Record single = new LineRecord(3, "{\"timestamp\":3,\"flowinfo\":[" + f + "]}");
        assertTrue(keep(c, single), "a poll of one flow is a record of that connection");
        assertFalse(keep(c, single));
    }

    @Test
    void aFullTableOfConnectionsKeepsFurtherConnectionsWholeAndCountsThem() {
        ConnectionCutoff c = new ConnectionCutoff("flows", "dns", 1, metrics, 2);
        c.fileOpened();
        assertTrue(keep(c, flow(1, "10.0.0.1", 1, "10.0.0.9", 53, 17)));
        assertTrue(keep(c, flow(2, "10.0.0.2", 1, "10.0.0.9", 53, 17)));
        assertTrue(keep(c, flow(3, "10.0.0.3", 1, "10.0.0.9", 53, 17)));
        assertTrue(keep(c, flow(4, "10.0.0.3", 1, "10.0.0.9", 53, 17)), "untracked: kept, never lost");
        assertFalse(keep(c, flow(5, "10.0.0.1", 1, "10.0.0.9", 53, 17)), "tracked ones are still cut");
        assertEquals(2, metrics.value("nsr_class_cutoff_untracked_records_total", "source", "flows", "class", "dns"));
    }

    @Test
    void theTableGrowsPastItsFirstSizeWithoutLosingCounts() {
        ConnectionCounts counts = new ConnectionCounts(1 << 20);
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < 5000; i++) {
                assertEquals(round, counts.increment(17, i, 1000 + i % 7, -i, 53));
            }
        }
        assertEquals(5000, counts.size());
        counts.clear();
        assertEquals(1, counts.increment(17, 1, 1007 % 7 + 1000, -1, 53));
    }
}

package org.nsr.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HourOrderTest {
    private static final long HOUR = 3_600_000L * 490_000;

    @Test
    void flowsAddedBetweenReadsAreMergedIntoTheSortedOrderWithTheirCurrentSums() {
        HourlyFlows flows = new HourlyFlows(48);
        Random rnd = new Random(7);
        Set<FlowKey> all = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 300; i++) {
                FlowKey k = new FlowKey("s" + rnd.nextInt(40), "d" + rnd.nextInt(40), "v" + rnd.nextInt(3));
                all.add(k);
                flows.add(HOUR, k, 1, 2);
            }
            List<FlowTotals> rows = flows.hour(HOUR);
            List<FlowKey> keys = new ArrayList<>();
            long tx = 0;
            for (FlowTotals t : rows) {
                keys.add(t.flow());
                tx += t.bytesTx();
                assertEquals(2 * t.bytesTx(), t.bytesRx());
            }
            List<FlowKey> expected = new ArrayList<>(all);
            expected.sort(FlowKey.ORDER);
            assertEquals(expected, keys, "round " + round);
            assertEquals(300L * (round + 1), tx, "every record counted, round " + round);
        }
    }

    @Test
    void flowKeysOfNumberedNamesSpreadOverManyHashes() {
        Set<Integer> hashes = new HashSet<>();
        for (int f = 0; f < 10_000; f++) {
            hashes.add(new FlowKey("src-" + f / 100, "dst-" + f % 100, "vpc-x").hashCode());
        }
        // the record's default hash gave these 10,000 keys only a few hundred distinct values
        org.junit.jupiter.api.Assertions.assertTrue(hashes.size() >= 9_990, "distinct hashes: " + hashes.size());
    }
}

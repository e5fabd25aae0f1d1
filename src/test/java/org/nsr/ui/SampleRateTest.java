package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theShareIsTheBudgetsPartOfWhatAnalysingEveryRecordWouldCost() {
        SampleRate r = new SampleRate(0.02); // 20 ms of CPU a second
        assertEquals(1.0, r.update(0, 0, 0, 0), 1e-12, "everything until there is a second to judge by");
        // 1 µs per analysed record, 10,000 of 1,000,000 offered in the second: all would cost 1 s a second
        assertEquals(0.8 * 0.02, r.update(S, 10_000_000L, 10_000, 1_000_000), 1e-12);
        assertEquals(0.8 * 0.02, r.update(S + S / 2, 20_000_000L, 20_000, 2_000_000), 1e-12,
                "judged once a second, not at every pass");
    }

    @Test
    void aCheapAnalysisReadsEverythingAndTheShareNeverFallsBelowItsFloor() {
        SampleRate r = new SampleRate(0.02);
        r.update(0, 0, 0, 0);
        assertEquals(1.0, r.update(S, 1_000_000L, 100_000, 100_000), 1e-12, "10 ns a record: 1 ms a second");
        assertEquals(SampleRate.MIN_KEEP, r.update(2 * S, 2 * S, 100_001, 1_000_000_000L), 1e-12);
    }

    @Test
    void aSecondWithNothingReadNarrowsWhenOverTheBudgetAndWidensWhenUnder() {
        SampleRate r = new SampleRate(0.02);
        r.update(0, 0, 0, 0);
        assertEquals(0.8 * 0.02, r.update(S, 10_000_000L, 10_000, 1_000_000), 1e-12);
        assertEquals(0.4 * 0.02, r.update(2 * S, 60_000_000L, 10_000, 2_000_000), 1e-12, "50 ms spent skipping");
        assertEquals(0.8 * 0.02, r.update(3 * S, 61_000_000L, 10_000, 3_000_000), 1e-12, "1 ms: too thin");
    }
}

package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad simulator options exit 2 with one message naming the option and value, no stack trace. */
class SimulateCommandTest {

    private static String[] runCapturingErr(int[] exit, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit[0] = Main.run(args);
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void errorRateAboveOneIsABadOption() {
        int[] exit = new int[1];
        String[] err = runCapturingErr(exit, "simulate", "--error-rate", "1.5");
        assertEquals(2, exit[0]);
        assertEquals("nsr simulate: --error-rate: '1.5' is not a fraction; expected a number from 0 to 1", err[0]);
        assertFalse(String.join("\n", err).contains("\tat "), "no stack trace");
    }

    @Test
    void portOutOfRangeIsABadOption() {
        int[] exit = new int[1];
        String[] err = runCapturingErr(exit, "simulate", "--port", "70000");
        assertEquals(2, exit[0]);
        assertTrue(err[0].startsWith("nsr simulate: --port: '70000' is out of range"), err[0]);
    }

    @Test
    void negativeLatencyIsABadOption() {
        int[] exit = new int[1];
        String[] err = runCapturingErr(exit, "simulate", "--latency", "-5");
        assertEquals(2, exit[0]);
        assertTrue(err[0].startsWith("nsr simulate: --latency: '-5' is negative"), err[0]);
    }

    @Test
    void rateAndCountMessagesEchoWhatTheUserTyped() {
        int[] exit = new int[1];
        String[] err = runCapturingErr(exit, "simulate", "--malformed-rate", "-.5");
        assertEquals(2, exit[0]);
        assertTrue(err[0].startsWith("nsr simulate: --malformed-rate: '-.5' is not a fraction"), err[0]);
        err = runCapturingErr(exit, "simulate", "--error-rate", "0.6", "--malformed-rate", "0.50");
        assertEquals(2, exit[0]);
        assertTrue(err[0].startsWith("nsr simulate: --error-rate/--malformed-rate: '0.6' plus '0.50'"), err[0]);
        err = runCapturingErr(exit, "simulate", "--hosts", "1");
        assertEquals(2, exit[0]);
        assertTrue(err[0].startsWith("nsr simulate: --hosts: '1' is out of range"), err[0]);
    }
}

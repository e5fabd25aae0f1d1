package org.nsr.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nsr.config.ConfigException;
import org.nsr.sim.NdtwinSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nsr simulate}: serves a simulated NDTwin kernel until SIGTERM or Ctrl-C. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Serve a simulated NDTwin kernel API (fat-tree network with changing flows) "
                + "until stopped with SIGTERM or Ctrl-C.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "random seed; the same seed gives the same network (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "16", description = "number of hosts (default: ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--flows", paramLabel = "N", defaultValue = "50", description = "number of active flows (default: ${DEFAULT-VALUE})")
    int flows;

    @Option(names = "--error-rate", paramLabel = "RATE", defaultValue = "0", description = "fraction of NDTwin requests answered with HTTP 500 (default: ${DEFAULT-VALUE})")
    String errorRate;

    @Option(names = "--latency", paramLabel = "MS", defaultValue = "0", description = "milliseconds added to every NDTwin response (default: ${DEFAULT-VALUE})")
    long latencyMillis;

    @Option(names = "--malformed-rate", paramLabel = "RATE", defaultValue = "0", description = "fraction of NDTwin requests answered with a cut-off JSON body (default: ${DEFAULT-VALUE})")
    String malformedRate;

    /** A fraction from 0 to 1; the message echoes what the user typed. */
    private static double rate(String option, String text) throws ConfigException {
        double r;
        try {
            r = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            r = Double.NaN;
        }
        if (!(r >= 0 && r <= 1)) {
            throw new ConfigException(option + ": '" + text + "' is not a fraction; expected a number from 0 to 1");
        }
        return r;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ConfigException("--port: '" + port + "' is out of range; expected 0 to 65535");
        }
        if (latencyMillis < 0) {
            throw new ConfigException("--latency: '" + latencyMillis + "' is negative; expected milliseconds, 0 or more");
        }
        if (hosts < 2 || hosts > 100_000) {
            throw new ConfigException("--hosts: '" + hosts + "' is out of range; expected 2 to 100000");
        }
        if (flows < 0 || flows > 5_000_000) {
            throw new ConfigException("--flows: '" + flows + "' is out of range; expected 0 to 5000000");
        }
        double errors = rate("--error-rate", errorRate);
        double malformed = rate("--malformed-rate", malformedRate);
        if (errors + malformed > 1.0) {
            throw new ConfigException("--error-rate/--malformed-rate: '" + errorRate + "' plus '" + malformedRate
                    + "' is more than 1; expected fractions that add up to at most 1");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigException("--bind: '" + bind + "' is not a local address; expected e.g. 127.0.0.1");
        }
        NdtwinSimulator simulator;
        try {
            simulator = NdtwinSimulator.builder().seed(seed).hosts(hosts).flows(flows).errorRate(errors)
                    .malformedRate(malformed).addedLatency(Duration.ofMillis(latencyMillis)).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("nsr simulate: invalid option: " + e.getMessage());
        }
        // A taken port throws ListenException: Main exits 1 for it, as for 'nsr record'.
        simulator.start(new InetSocketAddress(address, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "nsr-sim shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("NDTwin simulator serving " + simulator.url() + " (ndtwin_kernel: " + simulator.url() + ")");
        System.out.println("endpoints: " + NdtwinSimulator.FLOW_PATH + " " + NdtwinSimulator.GRAPH_PATH + " "
                + NdtwinSimulator.POWER_PATH + " " + NdtwinSimulator.SERVED_PATH);
        System.out.flush();
        stopped.await();
        return 0;
    }
}

package org.nsr.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.nsr.config.ConfigException;
import org.nsr.lifecycle.AbstractService;
import org.nsr.metrics.HealthReporter;
import org.nsr.metrics.Metrics;
import org.nsr.metrics.MetricsServer;
import org.nsr.server.ListenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /metrics} and {@code /health} endpoint as a service: an adapter over
 * {@link MetricsServer}, started right after the lock and stopped just before it, so /health
 * answers for the whole start and the whole drain.
 */
final class MetricsEndpointService extends AbstractService {
    private static final Logger log = LoggerFactory.getLogger(MetricsEndpointService.class);

    private final InetSocketAddress listen;
    private final String token;
    private final Metrics metrics;
    private final HealthReporter health;
    private MetricsServer server;

    MetricsEndpointService(InetSocketAddress listen, String token, Metrics metrics, HealthReporter health) {
        super("metrics endpoint");
        this.listen = listen;
        this.token = token;
        this.metrics = metrics;
        this.health = health;
    }

    @Override
    protected void doStart() throws ConfigException, ListenException {
        try {
            server = MetricsServer.start(listen, metrics, health, token);
        } catch (ListenException e) {
            if (e.addressIsLocal()) {
                log.error("Recorder.data.metrics.listen: {}; exiting 1 so the service manager retries", e.getMessage());
                throw e; // a taken port is passing: Main exits 1 so systemd retries
            }
            throw new ConfigException("Recorder.data.metrics.listen: '" + listen.getHostString() + ":"
                    + listen.getPort() + "' is not an address of this machine (" + e.getMessage()
                    + "); expected a local address, or off");
        } catch (IOException e) {
            throw new ConfigException("Recorder.data.metrics.listen: '" + listen.getHostString() + ":"
                    + listen.getPort() + "' " + e.getMessage() + "; expected a free local address, or off");
        }
        log.info("metrics and health on http://{}:{}/metrics and /health{}", listen.getHostString(), server.port(),
                token == null ? "" : " (bearer token required)");
        notifyStarted();
    }

    @Override
    protected void doStop() {
        server.close();
        notifyStopped();
    }
}

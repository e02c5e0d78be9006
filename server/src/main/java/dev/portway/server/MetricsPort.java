// The optional metrics port at start-up: who may scrape (the --metrics-token-file, read before anything binds or
// writes, or loopback only), and the port itself, each failure as the one plain line a user reads.
package dev.portway.server;

import dev.portway.server.config.ServerConfig;
import dev.portway.server.metrics.MetricsGuard;
import dev.portway.server.metrics.MetricsServer;
import dev.portway.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.BindException;

final class MetricsPort {
    private MetricsPort() {
    }

    static MetricsGuard guard(ServerConfig config) throws StartupException {
        if (config.metricsTokenFile() == null) {
            return MetricsGuard.loopbackOnly();
        }
        try {
            return MetricsGuard.fromFile(config.metricsTokenFile());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    static MetricsServer start(String host, int port, ServerMetrics metrics) throws StartupException {
        try {
            return MetricsServer.start(host, port, metrics);
        } catch (BindException e) {
            throw new StartupException("port " + port + " (metrics) is already in use", e);
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + host + ":" + port + " (metrics): " + e.getMessage(), e);
        }
    }
}

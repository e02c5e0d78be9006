// Answers "does a socket with this name exist?" off the event loop, so the edge can tell 404 from 502.
package dev.portway.server.edge;

import java.util.concurrent.CompletableFuture;

public interface SocketDirectory {
    CompletableFuture<Boolean> exists(String dnsName);
}

// The listeners of tcp and tls sockets: one port each from --tcp-ports, bound while the socket exists.
package dev.portway.server.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class DedicatedPorts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DedicatedPorts.class);

    private final ServerBootstrap bootstrap;
    private final String host;
    private final int first;
    private final int last;
    private final Map<Integer, Channel> bound = new ConcurrentHashMap<>();
    /** After close (the server is stopping) no port is bound any more. */
    private volatile boolean closed;

    /** bootstrap: a server bootstrap with its child handler set; first..last: the range, both included. */
    public DedicatedPorts(ServerBootstrap bootstrap, String host, int first, int last) {
        this.bootstrap = bootstrap;
        this.host = host;
        this.first = first;
        this.last = last;
    }

    /**
     * Finds a port of the range that is free here, binds it, and offers it to {@code claim} (which stores it
     * under a unique constraint). The first port claimed stays bound and is returned; empty when the range has
     * none left. Starting at a random place keeps two racing creations from contending for the same port.
     */
    public OptionalInt allocate(IntPredicate claim) {
        int size = last - first + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size && !closed; i++) {
            int port = first + (start + i) % size;
            if (bound.containsKey(port) || !bind(port, false)) {
                continue;
            }
            boolean claimed = false;
            try {
                claimed = claim.test(port);
            } finally {
                if (!claimed) {
                    release(port); // not taken, or the store failed: never leave it bound
                }
            }
            if (claimed) {
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    /** Binds the port of an existing socket (at start); a failure is logged, not fatal to the server. */
    public void open(int port, String dnsName) {
        if (!closed && !bind(port, true)) {
            LOG.warn("port {} of socket {} is in use by another program; its visitors are refused until it is free"
                    + " and the server restarts", port, dnsName);
        }
    }

    private boolean bind(int port, boolean logFailure) {
        try {
            Channel ch = bootstrap.bind(host, port).syncUninterruptibly().channel();
            if (bound.putIfAbsent(port, ch) != null) {
                ch.close();
                return false;
            }
            return true;
        } catch (Exception e) {
            if (logFailure) {
                LOG.debug("cannot bind {}:{}: {}", host, port, e.toString());
            }
            return false;
        }
    }

    /** The ports bound right now, in order. */
    public java.util.List<Integer> inUse() {
        return bound.keySet().stream().sorted().toList();
    }

    /** Stops listening on the port (its socket was deleted); connections already relayed go on until they end. */
    public void release(int port) {
        Channel ch = bound.remove(port);
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        closed = true;
        bound.keySet().forEach(this::release);
    }
}

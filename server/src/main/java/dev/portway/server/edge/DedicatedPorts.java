// The listeners of the sockets with a dedicated port, bound while the socket exists: one TCP port each from --tcp-ports
// for tcp and tls sockets, one UDP port each from --udp-ports for udp sockets (a second instance).
package dev.portway.server.edge;

import dev.portway.protocol.api.SocketType;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
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

    private final Binder binder;
    private final String host;
    private final int first;
    private final int last;
    private final Map<Integer, AutoCloseable> bound = new ConcurrentHashMap<>();
    /** The UDP ports of udp sockets, when this instance holds the TCP ones; see {@link #forType}. */
    private volatile DedicatedPorts udp;
    /** After close (the server is stopping) no port is bound any more. */
    private volatile boolean closed;

    /** Opens one port; what it returns closes it again. */
    @FunctionalInterface
    public interface Binder {
        AutoCloseable bind(String host, int port) throws Exception;
    }

    /** bootstrap: a server bootstrap with its child handler set; first..last: the range, both included. */
    public DedicatedPorts(ServerBootstrap bootstrap, String host, int first, int last) {
        this(binder(bootstrap), host, first, last);
    }

    public DedicatedPorts(Binder binder, String host, int first, int last) {
        this.binder = binder;
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
            AutoCloseable ch = binder.bind(host, port);
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
        AutoCloseable ch = bound.remove(port);
        if (ch != null) {
            try {
                ch.close();
            } catch (Exception e) {
                LOG.debug("closing port {}: {}", port, e.toString());
            }
        }
    }

    /** The UDP ports of udp sockets: bootstrap, a datagram channel's with its handler set, bound once per port. */
    public static DedicatedPorts udp(Bootstrap bootstrap, String host, int first, int last) {
        return new DedicatedPorts(binder(bootstrap), host, first, last);
    }

    /** Binds a Netty channel per port; closing it stops listening (and, for UDP, ends the port's flows). */
    private static Binder binder(AbstractBootstrap<?, ?> bootstrap) {
        return (h, p) -> {
            Channel ch = bootstrap.bind(h, p).syncUninterruptibly().channel();
            return () -> ch.close().syncUninterruptibly();
        };
    }

    /** These TCP ports with the UDP ports of udp sockets beside them (closed with them). */
    public DedicatedPorts withUdp(DedicatedPorts udpPorts) {
        this.udp = udpPorts;
        return this;
    }

    /** Where a socket of this type has its port: the UDP ports for udp sockets, else these. */
    public DedicatedPorts forType(String socketType) {
        DedicatedPorts u = udp;
        return SocketType.isUdp(socketType) && u != null ? u : this;
    }

    @Override
    public void close() {
        DedicatedPorts u = udp;
        if (u != null) {
            u.close();
        }
        closed = true;
        bound.keySet().forEach(this::release);
    }
}

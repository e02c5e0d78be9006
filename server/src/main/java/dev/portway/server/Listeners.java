// The server's listening sockets and the event loops behind them: a bootstrap for the tunnel port and one for the
// edge's ports (whose front doors read on demand, each visitor on a hinted loop) and one for udp sockets' ports;
// each port bound by bind() in /readyz.
package dev.portway.server;

import dev.portway.protocol.link.DatagramBuffers;
import dev.portway.protocol.link.LinkSettings;
import dev.portway.protocol.transport.Transports;
import dev.portway.server.edge.VisitorLoops;
import dev.portway.server.metrics.Readiness;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

final class Listeners {
    private static final int EADDRINUSE = 98;
    private final Transports transport = Transports.current();
    private final EventLoopGroup boss = transport.group(1);
    private final VisitorLoops visitorLoops = new VisitorLoops();
    private final EventLoopGroup workers = transport.group(0, visitorLoops);
    private final List<Channel> bound = new ArrayList<>();
    private final Readiness readiness;

    Listeners(Readiness readiness) {
        this.readiness = readiness;
    }

    /** The loops every link and visitor runs on. */
    EventLoopGroup workers() {
        return workers;
    }

    VisitorLoops visitorLoops() {
        return visitorLoops;
    }

    /** visitors: an edge listener; its front doors read on demand, and each visitor starts on a hinted loop. */
    ServerBootstrap bootstrap(ChannelHandler initializer, boolean visitors) {
        ServerBootstrap b = new ServerBootstrap();
        if (visitors) {
            b.handler(visitorLoops.acceptHint());
        }
        return b.group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, !visitors)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        visitors ? LinkSettings.relayAllocator() : LinkSettings.recvAllocator())
                .childHandler(initializer);
    }

    /**
     * A udp socket's port (bound per port by DedicatedPorts): on the visitors' loops, with kernel buffers for bursts
     * and a receive buffer for the largest datagram.
     */
    Bootstrap datagrams(ChannelHandler initializer) {
        return DatagramBuffers.options(new Bootstrap().group(workers).channel(Transports.datagramChannel(workers)))
                .handler(initializer);
    }

    /** Listens on host:port (0: any free one) and returns the port; what: its name in errors and in /readyz. */
    int bind(String what, String host, int port, ChannelHandler initializer, boolean visitors)
            throws StartupException {
        ServerBootstrap b = bootstrap(initializer, visitors);
        try {
            Channel ch = b.bind(host, port).syncUninterruptibly().channel();
            bound.add(ch);
            readiness.add(what + " listener", ch::isActive);
            return ((InetSocketAddress) ch.localAddress()).getPort();
        } catch (Exception e) {
            if (inUse(e)) {
                throw new StartupException("port " + port + " (" + what + ") is already in use", e);
            }
            throw new StartupException("cannot listen on " + host + ":" + port + " (" + what + "): "
                    + e.getMessage(), e);
        }
    }

    /** NIO says BindException; epoll and io_uring a NativeIoException carrying the errno (EADDRINUSE, 98 on Linux). */
    private static boolean inUse(Exception e) {
        return e instanceof BindException
                || e instanceof Errors.NativeIoException n && n.expectedErr() == -EADDRINUSE;
    }

    /** Takes no more connections; those already accepted stay open. */
    void stopListening() {
        bound.forEach(ch -> ch.close().syncUninterruptibly());
        bound.clear();
    }

    /** Stops listening and ends the loops, and with them every connection. */
    void close() {
        stopListening();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

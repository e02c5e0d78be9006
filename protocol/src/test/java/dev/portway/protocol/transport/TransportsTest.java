// The transport choice: forced by -Dportway.transport, refused in one line when the forced one cannot load, and
// native (epoll) by default on this Linux x86-64 build machine.
package dev.portway.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportsTest {
    private static final Transports.Unavailability ALL_LOAD = t -> null;
    private static final Transports.Unavailability NO_NATIVE = t -> t == Transports.NIO ? null
            : new UnsatisfiedLinkError("could not load libnetty_transport_native_" + t.label() + "\nsecond line");

    @Test
    void forcedNioIsTakenEvenWhereNativeLoads() {
        assertEquals(Transports.NIO, Transports.choose("nio", ALL_LOAD));
        assertEquals(Transports.IO_URING, Transports.choose("io_uring", ALL_LOAD));
        assertEquals(Transports.EPOLL, Transports.choose(" EPOLL ", ALL_LOAD));
    }

    @Test
    void defaultIsEpollWhereItLoadsAndNioElsewhere() {
        assertEquals(Transports.EPOLL, Transports.choose(null, ALL_LOAD));
        assertEquals(Transports.EPOLL, Transports.choose(null, t -> t == Transports.IO_URING
                ? new UnsatisfiedLinkError("io_uring_setup: Operation not permitted") : null));
        assertEquals(Transports.NIO, Transports.choose(null, t -> t == Transports.EPOLL
                ? new UnsatisfiedLinkError("could not load libnetty_transport_native_epoll") : null));
        assertEquals(Transports.NIO, Transports.choose(null, NO_NATIVE));
        assertEquals(Transports.NIO, Transports.choose("", NO_NATIVE));
    }

    @Test
    void aForcedTransportThatCannotLoadIsOnePlainLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transports.choose("io_uring", NO_NATIVE));
        assertEquals("-Dportway.transport=io_uring is not available here: could not load "
                + "libnetty_transport_native_io_uring", e.getMessage());
    }

    @Test
    void anUnknownTransportIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transports.choose("kqueue", ALL_LOAD));
        assertEquals("-Dportway.transport must be nio, epoll or io_uring, not kqueue", e.getMessage());
    }

    @Test
    void theRealNativeTransportsLoadOnThisLinuxX8664Machine() {
        for (Transports t : Transports.values()) {
            assertTrue(Transports.Unavailability.NATIVE.cause(t) == null,
                    () -> t.label() + ": " + Transports.Unavailability.NATIVE.cause(t));
        }
        assertEquals(Transports.EPOLL, Transports.choose(null, Transports.Unavailability.NATIVE));
        // What the suite runs on: native unless a run asks for NIO.
        assertEquals(Transports.choose(Transports.forced(), Transports.Unavailability.NATIVE), Transports.current());
    }

    @Test
    void eachTransportCarriesBytesOverLoopbackAndClientChannelsFollowTheirGroup() throws Exception {
        for (Transports t : Transports.values()) {
            EventLoopGroup group = t.group(1);
            try {
                assertEquals(t.socketChannel(), Transports.socketChannel(group));
                Channel server = new ServerBootstrap().group(group).channel(t.serverChannel())
                        .childHandler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
                int port = ((InetSocketAddress) server.localAddress()).getPort();
                Channel client = new Bootstrap().group(group).channel(Transports.socketChannel(group))
                        .handler(new ChannelInboundHandlerAdapter()).connect("127.0.0.1", port).sync().channel();
                assertTrue(client.isActive(), t.label());
                client.close().sync();
                server.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void eachTransportCarriesADatagramOverLoopbackOnTheChannelOfItsGroup() throws Exception {
        for (Transports t : Transports.values()) {
            EventLoopGroup group = t.group(1);
            try {
                BlockingQueue<String> got = new LinkedBlockingQueue<>();
                Channel receiver = new Bootstrap().group(group).channel(Transports.datagramChannel(group))
                        .handler(new SimpleChannelInboundHandler<
                                DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx,
                                                        DatagramPacket p) {
                                got.add(p.content().toString(StandardCharsets.US_ASCII));
                            }
                        }).bind("127.0.0.1", 0).sync().channel();
                Channel sender = new Bootstrap().group(group).channel(Transports.datagramChannel(group))
                        .handler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
                sender.writeAndFlush(new DatagramPacket(
                        Unpooled.copiedBuffer(t.label(), StandardCharsets.US_ASCII),
                        (InetSocketAddress) receiver.localAddress())).sync();
                assertEquals(t.label(), got.poll(10, TimeUnit.SECONDS));
                sender.close().sync();
                receiver.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }
}

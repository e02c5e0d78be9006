// The dialer tries the endpoint's own tunnel port first, then each other node in turn (its own address and
// duplicates left out, IPv6 brackets off, garbage skipped), and dials with the link's socket options.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.transport.Transports;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinkDialerTest {
    private static List<String> turns(LinkDialer dialer, int n) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seen.add(dialer.next().toString());
            dialer.advance();
        }
        return seen;
    }

    @Test
    void ownAddressFirstThenEachOtherNodeInTurn() {
        LinkDialer alone = new LinkDialer("edge.test", 7000, null);
        assertEquals(List.of("edge.test:7000", "edge.test:7000"), turns(alone, 2));
        alone.alsoVia(null);
        assertEquals(List.of("edge.test:7000"), turns(alone, 1));

        LinkDialer cluster = new LinkDialer("edge.test", 7000, null);
        cluster.alsoVia(Arrays.asList("edge.test:7000", "node2.test:7001", "[::1]:7002", "node2.test:7001",
                "garbage", "node3.test:port"));
        assertEquals(List.of("edge.test:7000", "node2.test:7001", "::1:7002", "edge.test:7000"), turns(cluster, 4));
    }

    @Test
    void dialsWithTheLinksSocketOptions() throws Exception {
        EventLoopGroup group = Transports.current().group(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LinkDialer dialer = new LinkDialer(server.getInetAddress().getHostAddress(), server.getLocalPort(), group);
            ChannelFuture connect = dialer.dial(dialer.next(), new ChannelInboundHandlerAdapter());
            try (Socket accepted = server.accept()) {
                assertTrue(connect.await(5, TimeUnit.SECONDS) && connect.isSuccess(), String.valueOf(connect.cause()));
                assertTrue(connect.channel().config().getOption(ChannelOption.TCP_NODELAY));
                assertEquals(10_000, connect.channel().config().getOption(ChannelOption.CONNECT_TIMEOUT_MILLIS));
                connect.channel().close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

// Dials the edge's tunnel port: the endpoint's own address first and, after a failure, each other node of the
// cluster in turn, with the link's socket options. Which address comes next is its whole state.
package dev.portway.agent.engine;

import dev.portway.protocol.link.LinkSettings;
import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Objects;

final class LinkDialer {
    /** One tunnel port; toString is "HOST:PORT" as the agent's status shows it (an IPv6 host without brackets). */
    record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final Address own;
    private final EventLoopGroup group;
    /** Other nodes' tunnel ports beside the endpoint's own. */
    private volatile List<Address> others = List.of();
    private volatile int turn;

    LinkDialer(String host, int port, EventLoopGroup group) {
        this.own = new Address(host, port);
        this.group = group;
    }

    /**
     * Servers that are nodes of one cluster (same store, same certificate). hostPorts: "HOST:PORT" each (an IPv6
     * host in brackets); the endpoint's own address may be among them.
     */
    void alsoVia(List<String> hostPorts) {
        String ownText = own.host() + ":" + own.port();
        others = hostPorts == null ? List.of()
                : hostPorts.stream().filter(a -> !a.equals(ownText)).distinct().map(LinkDialer::parse)
                        .filter(Objects::nonNull).toList();
    }

    /** null for what is not HOST:PORT: a node the server lists wrongly is left out, not dialled forever. */
    private static Address parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Address(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The address the next dial uses: the endpoint's own, then each other node in turn. */
    Address next() {
        List<Address> all = others;
        int i = Math.floorMod(turn, all.size() + 1);
        return i == 0 ? own : all.get(i - 1);
    }

    /** The link to the current address failed: the next dial tries the next one. */
    void advance() {
        turn++;
    }

    ChannelFuture dial(Address to, ChannelHandler initializer) {
        return new Bootstrap().group(group).channel(Transports.socketChannel(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, LinkSettings.recvAllocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(initializer)
                .connect(to.host(), to.port());
    }
}

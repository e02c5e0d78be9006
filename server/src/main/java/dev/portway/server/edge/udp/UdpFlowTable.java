// The flows of one udp socket's port, by visitor address and port: admits a new visitor (allow list, flow caps)
// and hands each datagram to its flow. Every flow's state lives on this port's event loop.
package dev.portway.server.edge.udp;

import dev.portway.protocol.link.DatagramBuffers;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.server.edge.EdgeSocket;
import dev.portway.server.metrics.UdpDrop;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class UdpFlowTable extends ChannelInboundHandlerAdapter {
    private final UdpEdge edge;
    /** In the order they began: the first flow never replied to is the one a full table ends for a new visitor. */
    private final Map<InetSocketAddress, UdpFlow> flows = new LinkedHashMap<>();
    /** Flows written to in this read batch: each stream is flushed once at its end. */
    private final List<UdpFlow> written = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private int port;

    UdpFlowTable(UdpEdge edge) {
        this.edge = edge;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        port = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (packet.content().readableBytes() > DatagramFrames.MAX_DATAGRAM) {
            packet.release();
            edge.dropped(UdpDrop.TOO_LARGE);
            return;
        }
        InetSocketAddress visitor = packet.sender();
        UdpFlow flow = flows.get(visitor);
        if (flow == null) {
            flow = admit(visitor);
            if (flow == null) {
                packet.release();
                return;
            }
        }
        if (flow.send(DatagramBuffers.fit(packet.content())) && !flow.dirty) {
            flow.dirty = true;
            written.add(flow);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        for (UdpFlow flow : written) {
            flow.dirty = false;
            flow.flush();
        }
        written.clear();
        ctx.fireChannelReadComplete();
    }

    /** A new flow for the visitor, or null (the datagram is dropped and counted) when it may not have one. */
    private UdpFlow admit(InetSocketAddress visitor) {
        EdgeSocket socket = edge.catalog.byUdpPort(port).orElse(null);
        if (socket == null) {
            edge.dropped(UdpDrop.NO_TUNNEL); // deleted a moment ago; its port is closing
            return null;
        }
        if (!socket.access().allows(visitor.getAddress())) {
            edge.refused(UdpDrop.NOT_ALLOWED, visitor, socket.dnsName(), "not on its allow list");
            return null;
        }
        UdpFlow unreplied = null;
        if (flows.size() >= edge.limits.maxFlowsPerSocket()) {
            unreplied = oldestUnreplied();
            if (unreplied == null) {
                edge.refused(UdpDrop.FLOWS_PER_SOCKET, visitor, socket.dnsName(),
                        "the socket has " + flows.size() + " flows open, each answered");
                return null;
            }
        }
        if (!edge.cap.acquire(visitor.getAddress())) {
            edge.refused(UdpDrop.FLOWS_PER_ADDRESS, visitor, socket.dnsName(),
                    "the address has " + edge.limits.maxFlowsPerAddress() + " flows open");
            return null;
        }
        if (unreplied != null) {
            // As conntrack does: sources the service never answered (spoofed ones among them) give way to a new one.
            unreplied.close();
        }
        edge.metrics.visitor(socket.type());
        UdpFlow flow = new UdpFlow(edge, this, ctx.channel(), visitor);
        flows.put(visitor, flow);
        flow.start(socket);
        return flow;
    }

    private UdpFlow oldestUnreplied() {
        for (UdpFlow flow : flows.values()) {
            if (!flow.wasReplied()) {
                return flow;
            }
        }
        return null;
    }

    /** The flow ended (on this loop): the visitor's next datagram starts a new one. */
    void ended(UdpFlow flow) {
        if (flows.remove(flow.visitor, flow)) {
            edge.cap.release(flow.visitor.getAddress());
        }
    }

    /** The port was released (its socket deleted) or the server stops: every flow ends with it. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        List.copyOf(flows.values()).forEach(UdpFlow::close);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram socket's errors (an ICMP message for one visitor) concern one datagram, not the port.
    }
}

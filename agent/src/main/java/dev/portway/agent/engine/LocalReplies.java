// The local side of a udp flow: each datagram the service sends back is framed onto the flow's stream, or dropped
// when the stream cannot take it now. An ICMP "port unreachable" says the service is not listening, not that the
// flow is over: the user hears it as a refusal, and the flow goes on (the service may start).
package dev.portway.agent.engine;

import dev.portway.protocol.link.DatagramBuffers;
import dev.portway.protocol.link.DatagramFrames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.PortUnreachableException;

final class LocalReplies extends ChannelInboundHandlerAdapter {
    private final Channel stream;
    private final ConnectionTally tally;
    private final AgentListener listener;
    private final LocalTarget target;
    private boolean wrote;

    LocalReplies(Channel stream, ConnectionTally tally, AgentListener listener, LocalTarget target) {
        this.stream = stream;
        this.tally = tally;
        this.listener = listener;
        this.target = target;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf datagram = msg instanceof DatagramPacket packet ? packet.content()
                : msg instanceof ByteBuf buf ? buf : null;
        if (datagram == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        // A service on ::1 can send up to 65,527 bytes, a flow carries 65,507: dropped, and the flow goes on.
        if (!stream.isWritable() || datagram.readableBytes() > DatagramFrames.MAX_DATAGRAM) {
            datagram.release();
            tally.dropped();
            return;
        }
        tally.datagramOut(datagram.readableBytes());
        stream.write(DatagramFrames.frame(stream.alloc(), DatagramBuffers.fit(datagram)));
        wrote = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wrote) {
            wrote = false;
            // An answer came: the service is there (it may have been refusing before).
            listener.onLocalService(true, target.toString());
            stream.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            listener.onLocalService(false, "could not reach " + target + " (connection refused)");
        } else {
            ctx.close();
        }
    }
}

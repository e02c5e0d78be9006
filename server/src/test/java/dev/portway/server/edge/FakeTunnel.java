// A tunnel for edge handler tests without a network: the edge's end of a real link (LinkPipeline) and a scripted
// agent's end, each an EmbeddedChannel, wired back to back; the agent records each stream it is given and answers
// when told. Visitor channels that VisitorStreams moves onto the link's loop run their tasks with pump().
package dev.portway.server.edge;

import dev.portway.protocol.link.LinkPipeline;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.protocol.link.StreamReply;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

final class FakeTunnel {
    /** Each tunnel its own id: the registry keeps one link per tunnel. */
    private static final AtomicInteger IDS = new AtomicInteger();

    final EmbeddedChannel edgeLink = new EmbeddedChannel();
    final EmbeddedChannel agentLink = new EmbeddedChannel();
    /** The streams the edge opened, in order. */
    final List<AgentStream> streams = new ArrayList<>();
    final TunnelSession session;

    FakeTunnel(TunnelRegistry registry, String socketId, String dnsName) {
        LinkPipeline.opensStreams("edge").streams(new ChannelInboundHandlerAdapter()).install(edgeLink.pipeline());
        LinkPipeline.answersStreams("agent").streams(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                AgentStream s = new AgentStream(ch);
                streams.add(s);
                ch.pipeline().addLast(s);
            }
        }).install(agentLink.pipeline());
        pump();
        session = new TunnelSession("t" + IDS.incrementAndGet(), socketId, dnsName, edgeLink);
        registry.register(session);
    }

    /** Runs every loop's tasks and moves the link's bytes both ways until nothing more happens. */
    void pump() {
        boolean moved = true;
        while (moved) {
            edgeLink.runPendingTasks();
            agentLink.runPendingTasks();
            moved = move(edgeLink, agentLink) | move(agentLink, edgeLink);
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object out = from.readOutbound(); out != null; out = from.readOutbound()) {
            if (to.isOpen()) {
                to.writeInbound(out);
            } else {
                ReferenceCountUtil.release(out);
            }
            moved = true;
        }
        return moved;
    }

    void close() {
        edgeLink.finishAndReleaseAll();
        agentLink.finishAndReleaseAll();
    }

    /** The agent's end of one stream: what the edge sent on it, and answers as the test says. */
    static final class AgentStream extends ChannelInboundHandlerAdapter {
        final Http2StreamChannel channel;
        StreamMeta meta;
        final StringBuilder received = new StringBuilder();
        boolean ended;
        boolean reset;

        AgentStream(Http2StreamChannel channel) {
            this.channel = channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame headers) {
                meta = StreamMeta.fromHeaders(headers.headers());
                ended |= headers.isEndStream();
            } else if (msg instanceof Http2DataFrame data) {
                received.append(data.content().toString(StandardCharsets.ISO_8859_1));
                ended |= data.isEndStream();
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame) {
                reset = true;
            }
            ctx.fireUserEventTriggered(evt);
        }

        /** The local service answered the connection (or refused it, with refusal as the reason). */
        void connected(String refusal) {
            StreamReply reply = refusal == null ? StreamReply.connectedReply() : StreamReply.failed(refusal);
            channel.writeAndFlush(new DefaultHttp2HeadersFrame(reply.toHeaders(), refusal != null));
        }

        void send(String bytes, boolean end) {
            channel.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1),
                    end));
        }
    }
}

// The last handler of an HTTP/2 visitor stream: relays its admitted request on a tunnel stream of its own as the
// HTTP/1.1 request the agent reads on any visitor stream (head re-encoded, body as it came, chunked without a
// Content-Length), then ends that stream; the visitor's next DATA is read, and its window opened, only once the
// tunnel stream took the last. The edge's own answers go out as HTTP/2 responses. It also sees the answer leave: one
// that ends before the request did tells the visitor to stop sending (RST_STREAM NO_ERROR, RFC 9113 8.1).
package dev.portway.server.edge;

import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.link.TunnelSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class H2VisitorRelay extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(H2VisitorRelay.class);

    private final VisitorStreams streams;
    private final InetSocketAddress remote;
    private final RequestWriter writer = new RequestWriter();
    /** The request's bytes while its tunnel stream is being opened. */
    private final List<ByteBuf> pending = new ArrayList<>();
    private String name;
    private TunnelSession session;
    private Channel stream;
    private ChannelFuture lastWrite;
    /** The edge answered itself: nothing goes to a tunnel. */
    private boolean refused;
    /** The visitor's whole request was read. */
    private boolean requestEnded;
    /** Our half of the tunnel stream is over. */
    private boolean streamEnded;
    /** The answer's last frame went to the visitor. */
    private boolean answerEnded;

    H2VisitorRelay(VisitorStreams streams, InetSocketAddress remote) {
        this.streams = streams;
        this.remote = remote;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            if (msg instanceof Refusal r) {
                r.page().release();
            }
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof AdmittedRequest admitted) {
            open(ctx, admitted.socket(), admitted.head().method());
            send(writer.head(ctx.alloc(), admitted.head()));
        } else if (msg instanceof Refusal r) {
            refuse(ctx, r.page());
        } else if (msg instanceof HttpContent part) {
            requestEnded |= part instanceof LastHttpContent;
            writer.content(ctx.alloc(), part, this::send);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void open(ChannelHandlerContext ctx, EdgeSocket socket, HttpMethod method) {
        name = socket.dnsName();
        StreamMeta meta = new StreamMeta(StreamMeta.KIND_HTTP, socket.id(),
                remote.getAddress().getHostAddress() + ":" + remote.getPort(), "https");
        Channel visitor = ctx.channel();
        String host = name;
        streams.openInPlace(name, meta, s -> new H2LinkStream(visitor, s, host, method, streams.metrics()),
                (opened, failure) -> visitor.eventLoop().execute(() -> streamOpened(ctx, opened, failure)));
    }

    private void streamOpened(ChannelHandlerContext ctx, VisitorStreams.Opened opened, Throwable failure) {
        if (failure != null) {
            LOG.debug("no stream for {}: {}", name, failure.toString());
            if (!refused && ctx.channel().isActive()) {
                refuse(ctx, ErrorPages.noTunnel(ctx.alloc(), name));
            }
            return;
        }
        if (refused || !ctx.channel().isActive()) {
            releasePending(); // nobody reads this answer: reset the stream rather than leave it to the link's end
            opened.stream().close();
            return;
        }
        session = opened.session();
        stream = opened.stream();
        for (ByteBuf buf : pending) {
            session.addIn(buf.readableBytes());
            lastWrite = stream.write(buf);
        }
        pending.clear();
        stream.read();
        afterBatch(ctx);
    }

    private void send(ByteBuf buf) {
        if (stream == null) {
            pending.add(buf);
        } else {
            session.addIn(buf.readableBytes());
            lastWrite = stream.write(buf);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (refused) {
            return;
        }
        if (stream == null) {
            if (name == null) {
                ctx.read(); // nothing admitted yet (the gate holds reads while it checks)
            }
            return;
        }
        afterBatch(ctx);
    }

    /** The request's end ends our half of the tunnel stream; before it, the next read waits for this batch. */
    private void afterBatch(ChannelHandlerContext ctx) {
        if (requestEnded) {
            if (!streamEnded) {
                streamEnded = true;
                stream.writeAndFlush(new DefaultHttp2DataFrame(true));
                ctx.read(); // a child channel closes only once it reads its stream's close
            }
        } else {
            stream.flush();
            Channels.readAfter(ctx.channel(), lastWrite);
        }
        lastWrite = null;
    }

    /** The edge's own answer, as this stream's response; a tunnel stream opened for it is reset. */
    private void refuse(ChannelHandlerContext ctx, ByteBuf page) {
        refused = true;
        releasePending();
        streams.metrics().edgeAnswered("https", ErrorPages.status(page));
        if (stream != null) {
            stream.close();
        }
        H2Pages.write(ctx.channel(), page);
        ctx.read(); // what else the visitor sends is dropped, and the stream's close is read
    }

    /** Sees the answer's last frame leave (written here or from the tunnel stream's loop, which may be another). */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean last = msg instanceof Http2DataFrame d && d.isEndStream()
                || msg instanceof Http2HeadersFrame h && h.isEndStream();
        if (!last || answerEnded) {
            ctx.write(msg, promise);
            return;
        }
        answerEnded = true;
        ChannelPromise written = promise.unvoid();
        ctx.write(msg, written);
        written.addListener(f -> {
            Http2StreamChannel ch = (Http2StreamChannel) ctx.channel();
            if (f.isSuccess() && ch.isActive() && ch.stream().state() != Http2Stream.State.CLOSED) {
                ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
            }
        });
    }

    private void releasePending() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }

    /** The visitor's stream is over: a tunnel stream whose exchange is not complete is reset, so the origin stops. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        if (stream != null && stream.isActive() && !(answerEnded && streamEnded)) {
            stream.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("visitor stream {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}

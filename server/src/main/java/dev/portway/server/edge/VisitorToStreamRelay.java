// The last handler of the HTTP front door: relays a visitor's admitted requests (heads re-encoded, bodies as they
// came) and, after an upgrade, its raw bytes as one stream, opened for the connection's first admitted request;
// the next read waits until the stream took the last batch. The edge's refusal of a request goes out after the
// answers to the requests before it (pipelining), or at once on a connection that has sent nothing yet.
package dev.portway.server.edge;

import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class VisitorToStreamRelay extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(VisitorToStreamRelay.class);

    private final VisitorStreams streams;
    private final String scheme;
    private final InetSocketAddress remote;
    private final String remoteIp;
    private final ResponseCounter responses;
    private final RequestWriter writer = new RequestWriter();
    /** Bytes for the stream while it is being opened. */
    private final List<ByteBuf> pending = new ArrayList<>();
    private String boundName;
    private TunnelSession session;
    private Channel stream;
    private StreamToVisitorRelay toVisitor;
    private ChannelFuture lastWrite;
    /** The edge answered a request itself: nothing more goes to the stream, and nothing more is read. */
    private boolean refused;
    /** The refusal of a request that came after others, waiting for their stream to open. */
    private ByteBuf refusal;
    /** The visitor half-closed (FIN): nothing more comes, but the answer still goes back. */
    private boolean inputEnded;
    private boolean streamEnded;

    VisitorToStreamRelay(VisitorStreams streams, String scheme, InetSocketAddress remote, String remoteIp,
                         ResponseCounter responses) {
        this.streams = streams;
        this.scheme = scheme;
        this.remote = remote;
        this.remoteIp = remoteIp;
        this.responses = responses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            if (msg instanceof Refusal r) {
                r.page().release();
            }
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof AdmittedRequest admitted) {
            if (boundName == null) {
                bind(ctx, admitted.socket());
            }
            send(writer.head(ctx.alloc(), admitted.head()));
        } else if (msg instanceof Refusal r) {
            refuse(ctx, r.page());
        } else if (msg instanceof HttpContent part && part.decoderResult().isFailure()) {
            // A malformed chunk must not reach the origin as a shorter, valid-looking request.
            String why = part.decoderResult().cause().getMessage();
            part.release();
            reject(ctx, ErrorPages.badRequest(ctx.alloc(), "The request body could not be parsed: " + why));
        } else if (msg instanceof HttpContent part) {
            writer.content(ctx.alloc(), part, this::send);
        } else if (msg instanceof ByteBuf raw) {
            send(raw);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void bind(ChannelHandlerContext ctx, EdgeSocket socket) {
        boundName = socket.dnsName();
        StreamMeta meta = new StreamMeta(StreamMeta.KIND_HTTP, socket.id(), remoteIp + ":" + remote.getPort(), scheme);
        Channel visitor = ctx.channel();
        String name = boundName;
        streams.open(visitor, name, meta, s -> new StreamToVisitorRelay(visitor, s, name, responses),
                (opened, failure) -> streamOpened(ctx, opened, failure));
    }

    private void streamOpened(ChannelHandlerContext ctx, VisitorStreams.Opened opened, Throwable failure) {
        if (failure != null) {
            LOG.debug("no stream for {}: {}", boundName, failure.toString());
            reject(ctx, ErrorPages.noTunnel(ctx.alloc(), boundName));
            return;
        }
        if (refused && refusal == null || !ctx.channel().isActive()) {
            // Nobody will read this stream's answer: reset it so it does not linger until the link drops.
            releaseHeld();
            opened.stream().close();
            return;
        }
        session = opened.session();
        stream = opened.stream();
        toVisitor = stream.pipeline().get(StreamToVisitorRelay.class);
        for (ByteBuf buf : pending) {
            session.addIn(buf.readableBytes());
            lastWrite = stream.write(buf);
        }
        pending.clear();
        stream.flush();
        stream.read();
        if (refusal != null) {
            ByteBuf page = refusal;
            refusal = null;
            refuseAfterAnswers(page);
        }
        if (inputEnded) {
            endStream();
        } else if (!refused) {
            Channels.readAfter(ctx.channel(), lastWrite);
        }
        lastWrite = null;
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
            if (boundName == null) {
                ctx.read();
            }
            return;
        }
        stream.flush();
        Channels.readAfter(ctx.channel(), lastWrite);
        lastWrite = null;
    }

    /**
     * A request the edge answers itself. With requests before it on this connection, their answers come first: the
     * page waits for them, nothing more is read, and the connection ends after it. Otherwise at once.
     */
    private void refuse(ChannelHandlerContext ctx, ByteBuf page) {
        if (boundName == null) {
            reject(ctx, page);
            return;
        }
        refused = true;
        metrics().edgeAnswered(scheme, ErrorPages.status(page));
        if (stream == null) {
            refusal = page; // the requests before it wait in pending for the stream that opens
        } else {
            stream.flush();
            refuseAfterAnswers(page);
        }
    }

    /** Hands the page to the relay on the stream's loop, where the answers pass (or drops it: the stream is over). */
    private void refuseAfterAnswers(ByteBuf page) {
        StreamToVisitorRelay relay = toVisitor;
        Channel ch = stream;
        ch.eventLoop().execute(() -> {
            if (ch.isActive()) {
                relay.refuseAfterAnswers(page);
            } else {
                page.release();
            }
        });
    }

    /** Refuses at once: the page, then the connection closes, and a stream open for it is reset. */
    private void reject(ChannelHandlerContext ctx, ByteBuf page) {
        refused = true;
        metrics().edgeAnswered(scheme, ErrorPages.status(page));
        releaseHeld();
        if (stream != null) {
            stream.close();
        }
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    }

    /** Bytes waiting for the stream and a refusal waiting for it: nobody will send them now. */
    private void releaseHeld() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        if (refusal != null) {
            refusal.release();
            refusal = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // TLS visitors half-close with close_notify, which arrives as an SslCloseCompletionEvent.
        if ((evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) && !inputEnded) {
            inputEnded = true;
            if (stream != null) {
                endStream();
            } else if (boundName == null && !refused) {
                ctx.close(); // no request came: nothing to answer
            }
            // While the stream opens, the end is passed on once it is open.
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void endStream() {
        if (!streamEnded && stream.isActive()) {
            streamEnded = true;
            stream.writeAndFlush(new DefaultHttp2DataFrame(true));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        if (stream != null && stream.isActive()) {
            if (toVisitor.ended()) {
                endStream(); // the answer is complete: finish our half too
            } else {
                stream.close(); // the visitor is gone mid-answer: reset, so the origin stops too
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("visitor {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private ServerMetrics metrics() {
        return streams.metrics();
    }
}

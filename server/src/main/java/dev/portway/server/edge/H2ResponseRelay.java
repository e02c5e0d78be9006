// Writes the origin's answer to an HTTP/2 visitor's stream, on the tunnel stream's loop: the head as HEADERS (names
// lower-case, the connection's own headers dropped), an interim 1xx as HEADERS of its own, the body as DATA as it
// came, trailers as the last HEADERS. The next bytes are read from the tunnel only once the visitor's stream took
// these (its flow-control window). An answer cut off, or one that cannot be carried (a 101), resets the visitor's
// stream; an agent that could not reach the local service gets the edge's 502 page.
package dev.portway.server.edge;

import dev.portway.protocol.link.Channels;
import dev.portway.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;

final class H2ResponseRelay extends ChannelInboundHandlerAdapter {
    private final Channel visitor;
    private final String host;
    private final ServerMetrics metrics;
    private ChannelFuture lastWrite;
    /** The message being relayed is an interim (1xx) answer: its end is not the answer's. */
    private boolean interim;
    /** The final answer's head went out. */
    private boolean answered;
    /** The whole answer went out (or the stream was reset): what else comes is dropped. */
    private boolean done;

    H2ResponseRelay(Channel visitor, String host, ServerMetrics metrics) {
        this.visitor = visitor;
        this.host = host;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            fail("its answer could not be parsed (" + o.decoderResult().cause().getMessage() + ")");
        } else if (msg instanceof HttpResponse head) {
            head(head);
            if (msg instanceof HttpContent part) {
                content(part);
            }
        } else if (msg instanceof HttpContent part) {
            content(part);
        } else {
            ReferenceCountUtil.release(msg); // raw bytes after a 101, which is refused
        }
    }

    private void head(HttpResponse res) {
        int code = res.status().code();
        if (code == 101) {
            fail("it switched protocols, which HTTP/2 cannot carry");
            return;
        }
        interim = code / 100 == 1;
        Http2Headers headers;
        try {
            headers = HttpConversionUtil.toHttp2Headers(res, true);
        } catch (RuntimeException e) {
            fail("its answer's headers cannot be carried over HTTP/2");
            return;
        }
        if (interim) {
            write(new DefaultHttp2HeadersFrame(headers, false));
            return;
        }
        metrics.originAnswered("https", code);
        answered = true;
        // 204, 304 and an empty body: the HEADERS frame ends the stream; the decoder's empty end is dropped.
        boolean empty = code == 204 || code == 304 || HttpUtil.getContentLength(res, -1L) == 0;
        write(new DefaultHttp2HeadersFrame(headers, empty));
        done = empty;
    }

    private void content(HttpContent part) {
        boolean last = part instanceof LastHttpContent;
        if (done || interim) {
            part.release();
            interim &= !last;
            return;
        }
        ByteBuf data = part.content();
        HttpHeaders trailers = last ? ((LastHttpContent) part).trailingHeaders() : null;
        boolean withTrailers = trailers != null && !trailers.isEmpty();
        if (data.isReadable() || last && !withTrailers) {
            write(new DefaultHttp2DataFrame(data, last && !withTrailers));
        } else {
            data.release();
        }
        if (withTrailers) {
            write(new DefaultHttp2HeadersFrame(HttpConversionUtil.toHttp2Headers(trailers, true), true));
        }
        done = last;
    }

    private void write(Object frame) {
        lastWrite = visitor.write(frame);
    }

    /** The agent could not reach the local service: the edge's 502 page is the answer. */
    void localRefused(String reason) {
        if (!answered && !done) {
            done = true;
            metrics.edgeAnswered("https", 502);
            lastWrite = H2Pages.write(visitor, ErrorPages.localRefused(visitor.alloc(), host, reason));
        }
    }

    /** An answer HTTP/2 cannot carry: the edge's 502 page if nothing went out yet, else the visitor's stream reset. */
    private void fail(String why) {
        if (answered) {
            cut();
            return;
        }
        done = true;
        metrics.edgeAnswered("https", 502);
        lastWrite = H2Pages.write(visitor, ErrorPages.page(visitor.alloc(), 502, "Bad Gateway", "Bad answer",
                "The local service behind <b>" + ErrorPages.esc(host) + "</b> answered, but " + ErrorPages.esc(why)
                        + "."));
    }

    /** The answer was cut off: the visitor's stream is reset (RST_STREAM), so it does not look complete. */
    void cut() {
        if (!done) {
            done = true;
            visitor.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (lastWrite != null) {
            visitor.flush();
            Channels.readAfter(ctx.channel(), lastWrite);
            lastWrite = null;
        } else {
            ctx.read(); // the agent's reply HEADERS, or part of a head: nothing for the visitor yet
        }
    }

    /** The agent ended the stream; the decoder finished what it could before this: the rest was cut off. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            visitor.flush();
            cut();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        visitor.flush();
        cut();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        cut();
        ctx.close();
    }
}

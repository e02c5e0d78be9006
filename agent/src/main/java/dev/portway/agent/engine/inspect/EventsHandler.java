// GET /api/events: a server-sent event ("event: exchange", "data: " the exchange's summary) per new or updated
// exchange, for as long as the client stays; at most a few clients at once, a slow one skips events (it can read the
// list again) rather than have them buffered without bound.
package dev.portway.agent.engine.inspect;

import dev.portway.protocol.json.JsonWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

final class EventsHandler extends ChannelInboundHandlerAdapter {
    static final String PATH = "/api/events";
    /** Clients of the events at once, per server. */
    static final int MAX_CLIENTS = 16;

    private final ExchangeLog log;
    private final Semaphore clients;
    private Runnable unwatch;

    EventsHandler(ExchangeLog log, Semaphore clients) {
        this.log = log;
        this.clients = clients;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !new QueryStringDecoder(req.uri()).path().equals(PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (unwatch != null) {
            return; // already streaming: nothing else is answered on this connection
        }
        if (!req.method().equals(HttpMethod.GET)) {
            Replies.error(ctx, HttpUtil.isKeepAlive(req), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed", PATH + " is read with GET");
            return;
        }
        if (!clients.tryAcquire()) {
            Replies.error(ctx, false, HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_clients",
                    "at most " + MAX_CLIENTS + " clients follow the events at once");
            return;
        }
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(res, true);
        ctx.write(res);
        Channel ch = ctx.channel();
        unwatch = log.watch(e -> {
            String event = "event: exchange\ndata: " + JsonWriter.compact(ExchangeJson.summary(e.redacted(), log))
                    + "\n\n";
            ch.eventLoop().execute(() -> {
                if (ch.isActive() && ch.isWritable()) {
                    ch.writeAndFlush(text(event));
                }
            });
        });
        ctx.writeAndFlush(text(": following the exchanges\n\n"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (unwatch != null) {
            unwatch.run();
            clients.release();
        }
        ctx.fireChannelInactive();
    }

    private static DefaultHttpContent text(String s) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
    }
}

// GET /api/events: a server-sent event ("event: exchange", "data: " the exchange's summary) per new or updated
// exchange, and one ("event: connection") per tcp or tls connection or udp flow opened or ended, for as long as the
// client stays; at most a few clients at once, a slow one skips events and is then told to resync (read the list
// again) rather than have them buffered without bound (EventClients).
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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

final class EventsHandler extends ChannelInboundHandlerAdapter {
    static final String PATH = "/api/events";

    private final EventClients clients;
    /** Set once this connection streams the events. */
    private EventClients.Client client;

    EventsHandler(EventClients clients) {
        this.clients = clients;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !new QueryStringDecoder(req.uri()).path().equals(PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (client != null) {
            return; // already streaming: nothing else is answered on this connection
        }
        if (!req.method().equals(HttpMethod.GET)) {
            Replies.error(ctx, HttpUtil.isKeepAlive(req), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed", PATH + " is read with GET");
            return;
        }
        client = clients.join(ctx.channel());
        if (client == null) {
            Replies.error(ctx, false, HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_clients",
                    "at most " + EventClients.MAX_CLIENTS + " clients follow the events at once");
            return;
        }
        // Events are written from tasks on this same loop, so none overtakes the head written now.
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(res, true);
        ctx.write(res);
        ctx.writeAndFlush(EventClients.text(": following the exchanges\n\n"));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client != null) {
            client.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client != null) {
            clients.leave(client);
        }
        ctx.fireChannelInactive();
    }
}

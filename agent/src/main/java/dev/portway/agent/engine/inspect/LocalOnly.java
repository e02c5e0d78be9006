// Answers only requests addressed to this machine's loopback name: a web page elsewhere cannot read the exchanges
// through a DNS name rebound to 127.0.0.1 (its Host would be that name), nor replay them from another origin.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;

final class LocalOnly extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            String host = req.headers().get(HttpHeaderNames.HOST, "");
            String origin = req.headers().get(HttpHeaderNames.ORIGIN);
            if (!loopback(host) || origin != null && !origin.equalsIgnoreCase("http://" + host)) {
                ReferenceCountUtil.release(msg);
                Replies.error(ctx, false, HttpResponseStatus.FORBIDDEN, "not_local",
                        "the inspector answers requests to 127.0.0.1 or localhost from its own page only");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean loopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        int colon = name.startsWith("[") ? name.indexOf("]:") + 1 : name.lastIndexOf(':');
        name = colon > 0 ? name.substring(0, colon) : name;
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
    }
}

// What the origin is told of an admitted request besides what the visitor sent: the visitor's own identity claims
// and the edge's cookies go (VisitorHeaders), X-Forwarded-For/-Proto/-Host say where the request came from, and
// X-Portway-Email/-User who signed in, set by the edge only.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

final class ForwardingHeaders extends ChannelInboundHandlerAdapter {
    private final String scheme;
    private final String remoteIp;

    ForwardingHeaders(String scheme, String remoteIp) {
        this.scheme = scheme;
        this.remoteIp = remoteIp;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof AdmittedRequest admitted) {
            HttpHeaders h = admitted.head().headers();
            VisitorHeaders.scrub(h);
            String prior = h.get("X-Forwarded-For");
            h.set("X-Forwarded-For", prior == null || prior.isBlank() ? remoteIp : prior + ", " + remoteIp);
            h.set("X-Forwarded-Proto", scheme);
            h.set("X-Forwarded-Host", h.get(HttpHeaderNames.HOST));
            if (admitted.visitor() != null) {
                h.set(SignInGate.EMAIL_HEADER, admitted.visitor().email());
                h.set(SignInGate.USER_HEADER, admitted.visitor().subject());
            }
        }
        ctx.fireChannelRead(msg);
    }
}

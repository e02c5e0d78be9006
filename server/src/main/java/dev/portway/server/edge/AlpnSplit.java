// After TLS on the HTTPS port: once the handshake is done, the protocol the visitor chose by ALPN picks the front
// door, HTTP/2 ("h2") or HTTP/1.1 (asked for, or no ALPN at all). The engine is the JDK's; the server offers h2 first.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class AlpnSplit extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AlpnSplit.class);
    static final String H2 = "h2";
    static final String HTTP1 = "http/1.1";

    private final Consumer<ChannelPipeline> http2;
    private final Consumer<ChannelPipeline> http1;
    /** Bytes decrypted before the handshake's end was seen (none expected): they go to the chosen door. */
    private final List<Object> early = new ArrayList<>();

    AlpnSplit(Consumer<ChannelPipeline> http2, Consumer<ChannelPipeline> http1) {
        this.http2 = http2;
        this.http1 = http1;
    }

    /** Lets the engine choose h2 when the visitor offers it, else http/1.1, else no ALPN (never a failed handshake). */
    static void offer(SSLEngine engine, boolean withHttp2) {
        engine.setHandshakeApplicationProtocolSelector((e, offered) -> withHttp2 && offered.contains(H2) ? H2
                : offered.contains(HTTP1) ? HTTP1 : "");
        SSLParameters params = engine.getSSLParameters();
        params.setApplicationProtocols(withHttp2 ? new String[]{H2, HTTP1} : new String[]{HTTP1});
        engine.setSSLParameters(params);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            String chosen = ctx.pipeline().get(SslHandler.class).engine().getApplicationProtocol();
            ChannelPipeline p = ctx.pipeline();
            if (H2.equals(chosen)) {
                http2.accept(p);
            } else {
                http1.accept(p);
            }
            ctx.fireUserEventTriggered(evt);
            p.remove(this);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Until the split this is the last handler: a failed handshake ends here, such as the alert of a visitor that
     * does not trust the certificate (any browser on a self-signed one). It is logged at debug and closed, not left to
     * the pipeline's tail, which logs a warning with a stack trace for each.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("https visitor {} failed before its protocol was chosen: {}", ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        List<Object> held = new ArrayList<>(early);
        early.clear();
        held.forEach(ctx::fireChannelRead);
        if (!held.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }
}

// First handler on the HTTPS port: reads the SNI name from the ClientHello without terminating TLS. A tls socket's
// name passes the connection through untouched; an http(s) socket's name gets TLS terminated here, as before.
// No SNI, an unknown name, or a malformed or oversized (over 16 KiB) ClientHello closes the connection.
package dev.portway.server.edge;

import dev.portway.server.security.FailureLimiter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class SniRouter extends AbstractSniHandler<Optional<EdgeSocket>> {
    private static final Logger LOG = LoggerFactory.getLogger(SniRouter.class);
    static final int MAX_CLIENT_HELLO = 16 * 1024;
    private static final long HELLO_TIMEOUT_MILLIS = 10_000;

    private final SocketCatalog catalog;
    private final VisitorStreams streams;
    private final Consumer<ChannelHandlerContext> terminate;
    private final FailureLimiter unknownNames;
    /** Closing makes the decoder look at what it holds once more; the verdict (and its log line) is given once. */
    private boolean decided;

    /** terminate: puts TLS and the HTTP front door after this handler (which then removes itself). */
    SniRouter(SocketCatalog catalog, VisitorStreams streams, FailureLimiter unknownNames,
              Consumer<ChannelHandlerContext> terminate) {
        super(MAX_CLIENT_HELLO, HELLO_TIMEOUT_MILLIS);
        this.unknownNames = unknownNames;
        this.catalog = catalog;
        this.streams = streams;
        this.terminate = terminate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        ctx.read();
    }

    @Override
    protected Future<Optional<EdgeSocket>> lookup(ChannelHandlerContext ctx, String hostname) {
        Optional<EdgeSocket> socket = hostname == null ? Optional.empty()
                : catalog.byName(trimDot(hostname.toLowerCase(Locale.ROOT)));
        return ctx.executor().newSucceededFuture(socket);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<Optional<EdgeSocket>> f) {
        if (decided) {
            return;
        }
        decided = true;
        Optional<EdgeSocket> socket = f.getNow();
        String visitor = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
        if (!unknownNames.retryAfter(visitor).isZero()) {
            LOG.debug("https port: closed {}: too many unknown names from it", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        if (hostname != null && socket.isEmpty()) {
            unknownNames.failed(visitor);
        }
        if (hostname == null || socket.isEmpty()) {
            LOG.info("https port: closed {}: {}", ctx.channel().remoteAddress(),
                    hostname == null ? "no SNI name in the ClientHello" : "unknown SNI name " + hostname);
            ctx.close();
            return;
        }
        switch (socket.get().type()) {
            case "tls" -> ctx.pipeline().replace(this, "front", new RawVisitorHandler(socket.get(), streams));
            case "http", "https" -> {
                terminate.accept(ctx);
                ctx.pipeline().remove(this);
            }
            default -> {
                LOG.info("https port: closed {}: {} is a {} socket", ctx.channel().remoteAddress(), hostname,
                        socket.get().type());
                ctx.close();
            }
        }
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (decided) {
            ctx.close();
            return;
        }
        decided = true;
        if (cause instanceof DecoderException) {
            LOG.info("https port: closed {}: bad ClientHello ({})", ctx.channel().remoteAddress(),
                    cause.getMessage());
        } else {
            LOG.debug("https port: {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}

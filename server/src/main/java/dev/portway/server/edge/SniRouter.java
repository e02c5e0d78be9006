// First handler on the HTTPS port: reads the SNI name from the ClientHello without terminating TLS. A tls socket's
// name passes the connection through untouched; an http(s) socket's name gets TLS terminated here, as before.
// No SNI, an unknown name, plain HTTP, or a malformed or oversized (over 16 KiB) ClientHello closes the connection.
package dev.portway.server.edge;

import dev.portway.server.edge.HttpsRefusals.Kind;
import dev.portway.server.security.FailureLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class SniRouter extends AbstractSniHandler<Optional<EdgeSocket>> {
    private static final Logger LOG = LoggerFactory.getLogger(SniRouter.class);
    static final int MAX_CLIENT_HELLO = 16 * 1024;
    private static final long HELLO_TIMEOUT_MILLIS = 10_000;
    /** A TLS record's content type for the handshake, the first byte of every ClientHello. */
    private static final int TLS_HANDSHAKE = 22;

    private final SocketCatalog catalog;
    private final VisitorStreams streams;
    private final BiConsumer<ChannelHandlerContext, String> terminate;
    private final FailureLimiter unknownNames;
    private final HttpsRefusals refusals;
    /** The apex domain while e-mail sign-in is on (its callback is served here), else null. */
    private final String apex;
    /** The connection's first byte, -1 until it came: what Netty took for a ClientHello without SNI may be none. */
    private int firstByte = -1;
    /** Closing makes the decoder look at what it holds once more; the verdict (and its log line) is given once. */
    private boolean decided;

    /**
     * terminate: puts TLS (for the SNI name given) and the HTTP front door after this handler (which then removes
     * itself).
     */
    SniRouter(SocketCatalog catalog, VisitorStreams streams, FailureLimiter unknownNames, HttpsRefusals refusals,
              String apex, BiConsumer<ChannelHandlerContext, String> terminate) {
        super(MAX_CLIENT_HELLO, HELLO_TIMEOUT_MILLIS);
        this.apex = apex;
        this.unknownNames = unknownNames;
        this.refusals = refusals;
        this.catalog = catalog;
        this.streams = streams;
        this.terminate = terminate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        ctx.read();
    }

    /** Netty takes most bytes that are not a TLS record for a ClientHello without SNI; the first byte tells. */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (firstByte < 0 && in.isReadable()) {
            firstByte = in.getUnsignedByte(in.readerIndex());
        }
        super.decode(ctx, in, out);
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
        Duration wait = unknownNames.retryAfter(visitor);
        if (!wait.isZero()) {
            // Said at INFO: it shuts the address out of every name, also one that just became a socket's (a user
            // who polled their custom domain before it was verified), and the operator must be able to tell why.
            refusals.closed(Kind.TOO_MANY_UNKNOWN_NAMES, ctx.channel().remoteAddress(), () -> "too many names that"
                    + " are no socket asked from this address; every name refused for another "
                    + FailureLimiter.seconds(wait) + " s");
            ctx.close();
            return;
        }
        if (hostname != null && socket.isEmpty() && trimDot(hostname.toLowerCase(Locale.ROOT)).equals(apex)) {
            terminate.accept(ctx, hostname); // the sign-in callback; the front door serves nothing else there
            ctx.pipeline().remove(this);
            return;
        }
        if (hostname != null && socket.isEmpty()) {
            unknownNames.failed(visitor);
        }
        if (hostname == null && firstByte != TLS_HANDSHAKE) {
            boolean text = firstByte >= 'A' && firstByte <= 'Z';
            refusals.closed(text ? Kind.PLAIN_HTTP : Kind.NOT_TLS, ctx.channel().remoteAddress(), () -> text
                    ? "plain HTTP (or another plain-text protocol) on the HTTPS port"
                    : String.format("not a TLS handshake (first byte 0x%02x)", firstByte));
            ctx.close();
            return;
        }
        if (hostname == null || socket.isEmpty()) {
            refusals.closed(hostname == null ? Kind.NO_SNI : Kind.UNKNOWN_NAME, ctx.channel().remoteAddress(),
                    () -> hostname == null ? "no SNI name in the ClientHello" : "unknown SNI name " + hostname);
            ctx.close();
            return;
        }
        switch (socket.get().type()) {
            case "tls" -> ctx.pipeline().replace(this, "front", new RawVisitorHandler(socket.get(), streams,
                    trimDot(hostname.toLowerCase(Locale.ROOT))));
            case "http", "https" -> {
                terminate.accept(ctx, hostname);
                ctx.pipeline().remove(this);
            }
            default -> {
                refusals.closed(Kind.RAW_NAME, ctx.channel().remoteAddress(), () -> hostname + " is a "
                        + socket.get().type() + " socket");
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
            refusals.closed(Kind.NOT_TLS, ctx.channel().remoteAddress(), () -> "bad ClientHello ("
                    + cause.getMessage() + ")");
        } else {
            LOG.debug("https port: {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}

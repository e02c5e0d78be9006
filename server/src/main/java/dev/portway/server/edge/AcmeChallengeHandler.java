// The HTTP port's answer to a CA's HTTP-01 validation: GET /.well-known/acme-challenge/TOKEN as a connection's first
// request is answered from the published challenges (any node's) in plain text and the connection closed; a token
// nobody published gets a 404. Every other connection passes on to the router unchanged. A token nobody published
// counts as an unknown name of the asking address (the edge's limit), so that one address cannot keep the few
// lookup threads busy with made-up tokens while the CA's own requests wait.
package dev.portway.server.edge;

import dev.portway.server.security.FailureLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

final class AcmeChallengeHandler extends ChannelInboundHandlerAdapter {
    static final String PREFIX = "/.well-known/acme-challenge/";
    /** RFC 8555 §8.3: a token is base64url, at least 128 bits; anything else is never looked up. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22,128}");

    private final ChallengeAnswers answers;
    private final FailureLimiter unknownNames;
    private boolean answering;

    AcmeChallengeHandler(ChallengeAnswers answers, FailureLimiter unknownNames) {
        this.answers = answers;
        this.unknownNames = unknownNames;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answering) {
            ReferenceCountUtil.release(msg); // the rest of the challenge request: the answer closes the connection
            return;
        }
        if (!(msg instanceof HttpRequest req) || !isChallenge(req)) {
            if (msg instanceof HttpRequest) {
                ctx.pipeline().remove(this); // a visitor's connection: the router has it from its first request
            }
            ctx.fireChannelRead(msg);
            return;
        }
        answering = true;
        String token = path(req.uri()).substring(PREFIX.length());
        ReferenceCountUtil.release(msg);
        if (!TOKEN.matcher(token).matches()) {
            reply(ctx, Optional.empty(), null);
            return;
        }
        String address = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
        Duration wait = unknownNames.retryAfter(address);
        if (!wait.isZero()) {
            ctx.writeAndFlush(ErrorPages.tooManyUnknownNames(ctx.alloc(), FailureLimiter.seconds(wait)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        answers.answer(token).whenComplete((answer, failure) -> ctx.executor().execute(() -> {
            if (failure == null && answer.isEmpty()) {
                unknownNames.failed(address);
            }
            reply(ctx, answer, failure);
        }));
    }

    private static boolean isChallenge(HttpRequest req) {
        return (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))
                && path(req.uri()).startsWith(PREFIX);
    }

    private static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static void reply(ChannelHandlerContext ctx, Optional<String> answer, Throwable failure) {
        ByteBuf response;
        if (failure != null) {
            response = ErrorPages.page(ctx.alloc(), 503, "Service Unavailable", "Busy",
                    "Too many challenge lookups at once; the CA tries again.");
        } else if (answer.isEmpty()) {
            response = ErrorPages.page(ctx.alloc(), 404, "Not Found", "No such challenge",
                    "This server has no ACME challenge with that token.");
        } else {
            byte[] body = answer.get().getBytes(StandardCharsets.US_ASCII);
            String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            response = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}

// One visitor connection of the HTTP front door: admits each request (name, address, sign-in, HTTPS redirect),
// adds forwarding headers, and relays the connection as one stream; a WebSocket upgrade turns it raw after its 101
// (any other upgrade is stripped: see Upgrades). A refused
// request is answered after the requests before it, in order (pipelining), and ends the connection.
package dev.portway.server.edge;

import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.link.TunnelSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class HttpVisitorHandler extends FrontDoor {
    private static final Logger LOG = LoggerFactory.getLogger(HttpVisitorHandler.class);

    private final Edge edge;
    private final String scheme;
    private final HttpAdmission admission;
    private final SignInGate signIn;
    private final RequestWriter writer = new RequestWriter();
    private final ResponseCounter responses;
    /** Who this connection's visitor is, and its address as text; set when the connection starts. */
    private InetSocketAddress remote;
    private String remoteIp;
    /** Bytes for the stream while it is being opened. */
    private final List<ByteBuf> pending = new ArrayList<>();
    /** Decoded parts that arrived while a request's sign-in was being checked. */
    private final Queue<Object> deferred = new ArrayDeque<>();
    private String boundName;
    private TunnelSession session;
    private Channel stream;
    private ChannelFuture lastWrite;
    private boolean rejected;
    /** The refusal of a request that came after others, waiting for their stream to open. */
    private ByteBuf refusal;
    private boolean admitting;
    private boolean upgrading;
    private boolean awaitingUpgrade;
    /** The visitor half-closed (FIN): nothing more comes, but the answer still goes back. */
    private boolean inputEnded;
    private boolean streamEnded;
    private StreamToVisitorRelay toVisitor;

    HttpVisitorHandler(Edge edge, String scheme) {
        this.edge = edge;
        this.scheme = scheme;
        this.admission = new HttpAdmission(edge, scheme);
        this.signIn = new SignInGate(edge.signIn(), scheme);
        this.responses = new ResponseCounter(edge.streams().metrics(), scheme);
    }

    @Override
    protected void start(ChannelHandlerContext ctx) {
        remote = (InetSocketAddress) ctx.channel().remoteAddress();
        remoteIp = remote.getAddress().getHostAddress();
        edge.streams().metrics().visitor(scheme);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (admitting) {
            deferred.add(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            onRequest(ctx, req);
            if (rejected || admitting) {
                return;
            }
        }
        if (msg instanceof HttpContent part && part.decoderResult().isFailure()) {
            // A malformed chunk must not reach the origin as a shorter, valid-looking request.
            String why = part.decoderResult().cause().getMessage();
            part.release();
            reject(ctx, ErrorPages.badRequest(ctx.alloc(), "The request body could not be parsed: " + why));
            return;
        }
        if (msg instanceof HttpContent part) {
            writer.content(ctx.alloc(), part, this::send);
            if (upgrading && part instanceof LastHttpContent) {
                // Hold the visitor until the origin answers: only a 101 turns the connection into raw bytes;
                // otherwise every later request still gets its Host check and forwarding headers.
                upgrading = false;
                awaitingUpgrade = true;
                if (stream != null) {
                    toVisitor.expectUpgrade(accepted -> upgradeDecided(ctx, accepted));
                }
            }
        } else if (msg instanceof ByteBuf raw) {
            send(raw);
        }
    }

    private void upgradeDecided(ChannelHandlerContext ctx, boolean accepted) {
        awaitingUpgrade = false;
        if (accepted) {
            ctx.pipeline().remove(HttpRequestDecoder.class);
            HeadDeadline.remove(ctx.pipeline());
        }
        if (!rejected) {
            ctx.read();
        }
    }

    /** Checks the request against its socket; forwards it, rejects it, or waits for a sign-in check. */
    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        HttpAdmission.Verdict verdict = admission.check(ctx.alloc(), req, remote.getAddress(), boundName);
        if (verdict.refusal() != null) {
            refuse(ctx, verdict.refusal());
            return;
        }
        String address = remoteIp;
        if (verdict.apex()) {
            answerLater(ctx, signIn.apex(ctx.alloc(), req, verdict.name(), address));
            return;
        }
        EdgeSocket socket = verdict.socket();
        SignInGate.Outcome outcome = signIn.check(ctx.alloc(), req, socket, verdict.name(), address);
        if (!outcome.forward()) {
            answerLater(ctx, outcome);
            return;
        }
        if (!socket.access().isProtected()) {
            forward(ctx, req, socket, outcome.visitor());
            return;
        }
        // Only Authorization decides (never Proxy-Authorization), and the origin never sees it.
        List<String> auth = req.headers().getAll(HttpHeaderNames.AUTHORIZATION);
        req.headers().remove(HttpHeaderNames.AUTHORIZATION);
        CompletableFuture<Boolean> check = auth.size() == 1 ? edge.basicAuth().check(socket.access(), auth.get(0))
                : CompletableFuture.completedFuture(false);
        if (check.isDone()) {
            admitted(ctx, req, socket, check.getNow(false), !auth.isEmpty());
            return;
        }
        admitting = true;
        check.whenComplete((ok, err) -> ctx.executor().execute(() -> {
            admitting = false;
            admitted(ctx, req, socket, err == null && ok, !auth.isEmpty());
            resume(ctx);
        }));
    }

    /** A sign-in check ended: what arrived meanwhile is read now, in order. */
    private void resume(ChannelHandlerContext ctx) {
        Queue<Object> queued = new ArrayDeque<>(deferred);
        deferred.clear();
        while (!queued.isEmpty() && !admitting) {
            channelRead(ctx, queued.poll());
        }
        deferred.addAll(queued);
        if (!admitting) {
            if (inputEnded && stream != null) {
                endStream();
            }
            channelReadComplete(ctx);
        }
    }

    /**
     * A request the sign-in gate answers itself: a page now, or one the provider or the store gives (off the event
     * loop; the connection reads nothing meanwhile). Either ends the connection after the answer.
     */
    private void answerLater(ChannelHandlerContext ctx, SignInGate.Outcome outcome) {
        if (outcome.page() != null) {
            refuse(ctx, outcome.page());
            return;
        }
        admitting = true;
        outcome.later().whenComplete((answer, err) -> ctx.executor().execute(() -> {
            admitting = false;
            if (err != null) {
                LOG.warn("sign-in answer failed: {}", err.toString());
            }
            if (!rejected && ctx.channel().isActive()) {
                refuse(ctx, answer != null ? SignInPages.answer(ctx.alloc(), answer) : ErrorPages.page(ctx.alloc(),
                        503, "Service Unavailable", "Sign-in unavailable", "Sign-in failed on the server; try again."));
            }
            resume(ctx);
        }));
    }

    /** triedPassword: the visitor sent credentials (a bare first request, answered 401, is no guess). */
    private void admitted(ChannelHandlerContext ctx, HttpRequest req, EdgeSocket socket, boolean ok,
                          boolean triedPassword) {
        if (rejected || !ctx.channel().isActive()) {
            return;
        }
        if (ok) {
            forward(ctx, req, socket, null);
        } else {
            if (triedPassword) {
                admission.wrongPassword(remote.getAddress());
            }
            refuse(ctx, ErrorPages.unauthorized(ctx.alloc(), socket.dnsName()));
        }
    }

    /** visitor: who signed in with the identity provider (null: nobody); the origin learns it from the edge only. */
    private void forward(ChannelHandlerContext ctx, HttpRequest req, EdgeSocket socket, VisitorSignIn.Visitor visitor) {
        if (boundName == null) {
            bind(ctx, socket);
        }
        addForwardingHeaders(ctx, req.headers());
        if (visitor != null) {
            SignInGate.identify(req.headers(), visitor);
        }
        upgrading = Upgrades.keepWebSocketOnly(req.headers());
        responses.asked(req.method(), upgrading);
        send(writer.head(ctx.alloc(), req));
    }

    private void addForwardingHeaders(ChannelHandlerContext ctx, HttpHeaders h) {
        String ip = remoteIp;
        String prior = h.get("X-Forwarded-For");
        h.set("X-Forwarded-For", prior == null || prior.isBlank() ? ip : prior + ", " + ip);
        h.set("X-Forwarded-Proto", scheme);
        h.set("X-Forwarded-Host", h.get(HttpHeaderNames.HOST));
    }

    private void bind(ChannelHandlerContext ctx, EdgeSocket socket) {
        boundName = socket.dnsName();
        StreamMeta meta = new StreamMeta(StreamMeta.KIND_HTTP, socket.id(),
                remoteIp + ":" + remote.getPort(), scheme);
        Channel visitor = ctx.channel();
        edge.streams().open(visitor, boundName, meta, s -> new StreamToVisitorRelay(visitor, s, boundName, responses),
                (opened, failure) -> streamOpened(ctx, opened, failure));
    }

    private void streamOpened(ChannelHandlerContext ctx, VisitorStreams.Opened opened, Throwable failure) {
        if (failure != null) {
            LOG.debug("no stream for {}: {}", boundName, failure.toString());
            reject(ctx, ErrorPages.noTunnel(ctx.alloc(), boundName));
            return;
        }
        if (rejected && refusal == null || !ctx.channel().isActive()) {
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
            if (inputEnded) {
                endStream();
            }
            return;
        }
        if (inputEnded && !admitting) {
            endStream();
            return;
        }
        if (awaitingUpgrade) {
            toVisitor.expectUpgrade(accepted -> upgradeDecided(ctx, accepted));
        } else if (!admitting) {
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
        if (rejected || admitting) {
            return;
        }
        if (stream == null) {
            if (boundName == null) {
                ctx.read();
            }
            return;
        }
        stream.flush();
        if (awaitingUpgrade) {
            lastWrite = null;
            return;
        }
        Channels.readAfter(ctx.channel(), lastWrite);
        lastWrite = null;
    }

    /**
     * A request refused by its head. With requests before it on this connection, their answers come first: the
     * page waits for them, nothing more is read, and the connection ends after it. Otherwise at once.
     */
    private void refuse(ChannelHandlerContext ctx, ByteBuf page) {
        if (boundName == null) {
            reject(ctx, page);
            return;
        }
        rejected = true;
        edge.streams().metrics().edgeAnswered(scheme, ErrorPages.status(page));
        deferred.forEach(ReferenceCountUtil::release);
        deferred.clear();
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
        rejected = true;
        edge.streams().metrics().edgeAnswered(scheme, ErrorPages.status(page));
        releaseHeld();
        if (stream != null) {
            stream.close();
        }
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    }

    /** Bytes waiting for the stream, parts waiting for a sign-in, a refusal waiting: nobody will send them now. */
    private void releaseHeld() {
        releasePending();
        deferred.forEach(ReferenceCountUtil::release);
        deferred.clear();
        if (refusal != null) {
            refusal.release();
            refusal = null;
        }
    }

    private void releasePending() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // TLS visitors half-close with close_notify, which arrives as an SslCloseCompletionEvent.
        if ((evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) && !inputEnded) {
            inputEnded = true;
            if (stream != null && !admitting) {
                endStream();
            } else if (boundName == null && !admitting && !rejected) {
                ctx.close(); // no request came: nothing to answer
            }
            // While the stream opens or a sign-in is checked, the end is passed on once it is open.
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
}

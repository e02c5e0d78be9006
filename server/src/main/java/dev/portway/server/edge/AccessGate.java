// The HTTP front door's access gate: each request head is admitted (name, address, HTTPS, e-mail sign-in, Basic
// password) and passed on as an AdmittedRequest with its body, or answered by the edge with a Refusal, after which
// nothing more of the connection is passed on. While a check runs off the event loop (a password's KDF, a sign-in
// answer from the provider or the store) the gate holds the connection's reads: no read() passes it, so the socket
// is not read; only what the decoder had already made of the last read waits here, and goes on in order after.
package dev.portway.server.edge;

import dev.portway.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class AccessGate extends FrontDoor {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);

    private final Edge edge;
    private final String scheme;
    private final InetSocketAddress remote;
    private final String remoteIp;
    private final HttpAdmission admission;
    private final SignInGate signIn;
    /** The name this connection serves since its first admitted request (null before). */
    private String servedName;
    /** A check runs: reads are held, and what was decoded already waits in held. */
    private boolean checking;
    private final List<Object> held = new ArrayList<>();
    /** The visitor's end of input that came while a check ran: it follows the held parts. */
    private Object heldEnd;
    /** A request was refused: the connection ends after the edge's answer. */
    private boolean refused;
    /** False on an HTTP/2 stream: its connection counted the visitor once. */
    private final boolean countsVisitor;

    AccessGate(Edge edge, String scheme, InetSocketAddress remote, String remoteIp) {
        this(edge, scheme, remote, remoteIp, null, true);
    }

    /** The gate of one HTTP/2 stream, whose connection serves servedName (null: the first name admitted). */
    static AccessGate forStream(Edge edge, InetSocketAddress remote, String servedName) {
        return new AccessGate(edge, "https", remote, remote.getAddress().getHostAddress(), servedName, false);
    }

    private AccessGate(Edge edge, String scheme, InetSocketAddress remote, String remoteIp, String servedName,
                       boolean countsVisitor) {
        this.servedName = servedName;
        this.countsVisitor = countsVisitor;
        this.edge = edge;
        this.scheme = scheme;
        this.remote = remote;
        this.remoteIp = remoteIp;
        this.admission = new HttpAdmission(edge, scheme);
        this.signIn = new SignInGate(edge.signIn(), scheme);
    }

    @Override
    protected void start(ChannelHandlerContext ctx) {
        if (countsVisitor) {
            metrics().visitor(scheme);
        }
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
        } else if (checking) {
            held.add(msg);
        } else if (msg instanceof HttpRequest req) {
            admit(ctx, req);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void admit(ChannelHandlerContext ctx, HttpRequest req) {
        HttpAdmission.Verdict verdict = admission.check(ctx.alloc(), req, remote.getAddress(), servedName);
        if (verdict.refusal() != null) {
            refuse(ctx, verdict.refusal());
            return;
        }
        if (verdict.apex()) {
            answer(ctx, signIn.apex(ctx.alloc(), req, verdict.name(), remoteIp));
            return;
        }
        EdgeSocket socket = verdict.socket();
        SignInGate.Outcome outcome = signIn.check(ctx.alloc(), req, socket, verdict.name(), remoteIp);
        if (!outcome.forward()) {
            answer(ctx, outcome);
        } else if (!socket.access().isProtected()) {
            pass(ctx, req, socket, outcome.visitor());
        } else {
            checkPassword(ctx, req, socket);
        }
    }

    /** Only Authorization decides (never Proxy-Authorization), and the origin never sees it. */
    private void checkPassword(ChannelHandlerContext ctx, HttpRequest req, EdgeSocket socket) {
        List<String> auth = req.headers().getAll(HttpHeaderNames.AUTHORIZATION);
        req.headers().remove(HttpHeaderNames.AUTHORIZATION);
        CompletableFuture<Boolean> check = auth.size() == 1 ? edge.basicAuth().check(socket.access(), auth.get(0))
                : CompletableFuture.completedFuture(false);
        if (check.isDone()) {
            passwordChecked(ctx, req, socket, check.getNow(false), !auth.isEmpty());
            return;
        }
        checking = true;
        check.whenComplete((ok, err) -> ctx.executor().execute(() -> {
            if (stillHere(ctx)) {
                checking = false;
                passwordChecked(ctx, req, socket, err == null && ok, !auth.isEmpty());
                release(ctx);
            }
        }));
    }

    /** triedPassword: the visitor sent credentials (a bare first request, answered 401, is no guess). */
    private void passwordChecked(ChannelHandlerContext ctx, HttpRequest req, EdgeSocket socket, boolean ok,
                                 boolean triedPassword) {
        if (ok) {
            pass(ctx, req, socket, null);
            return;
        }
        if (triedPassword) {
            admission.wrongPassword(remote.getAddress());
        }
        refuse(ctx, ErrorPages.unauthorized(ctx.alloc(), socket.dnsName()));
    }

    /**
     * A request the sign-in gate answers itself: a page now, or one the provider or the store gives (off the event
     * loop; reads are held meanwhile). Either ends the connection after the answer.
     */
    private void answer(ChannelHandlerContext ctx, SignInGate.Outcome outcome) {
        if (outcome.page() != null) {
            refuse(ctx, outcome.page());
            return;
        }
        checking = true;
        outcome.later().whenComplete((answer, err) -> ctx.executor().execute(() -> {
            if (!stillHere(ctx)) {
                return;
            }
            checking = false;
            if (err != null) {
                LOG.warn("sign-in answer failed: {}", err.toString());
            }
            refuse(ctx, answer != null ? SignInPages.answer(ctx.alloc(), answer) : ErrorPages.page(ctx.alloc(),
                    503, "Service Unavailable", "Sign-in unavailable", "Sign-in failed on the server; try again."));
            release(ctx);
        }));
    }

    /** visitor: who signed in with the identity provider (null: nobody); the origin learns it from the edge only. */
    private void pass(ChannelHandlerContext ctx, HttpRequest req, EdgeSocket socket, VisitorSignIn.Visitor visitor) {
        if (servedName == null) {
            servedName = socket.dnsName();
        }
        ctx.fireChannelRead(new AdmittedRequest(req, socket, visitor));
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf page) {
        refused = true;
        dropHeld();
        ctx.fireChannelRead(new Refusal(page));
    }

    /** A check ended: what was decoded meanwhile goes on in order (unless another check starts), then reads resume. */
    private void release(ChannelHandlerContext ctx) {
        List<Object> queued = new ArrayList<>(held);
        held.clear();
        int next = 0;
        while (next < queued.size() && !checking) {
            channelRead(ctx, queued.get(next++));
        }
        held.addAll(queued.subList(next, queued.size()));
        if (checking) {
            return;
        }
        if (heldEnd != null) {
            Object end = heldEnd;
            heldEnd = null;
            ctx.fireUserEventTriggered(end);
        }
        ctx.fireChannelReadComplete();
    }

    private static boolean stillHere(ChannelHandlerContext ctx) {
        return !ctx.isRemoved() && ctx.channel().isActive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!checking) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // The end of input must not overtake the held request: the stream would end before its bytes.
        if (checking && (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent)) {
            heldEnd = evt;
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Holds the reads that the handlers after the gate ask for while a check runs; release() reads on. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!checking) {
            ctx.read();
        }
    }

    private void dropHeld() {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropHeld();
        ctx.fireChannelInactive();
    }

    /** Taken out mid-check (a WebSocket's 101): an end of input it held still reaches the relay. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropHeld();
        if (heldEnd != null) {
            Object end = heldEnd;
            heldEnd = null;
            ctx.fireUserEventTriggered(end);
        }
    }

    private ServerMetrics metrics() {
        return edge.streams().metrics();
    }
}

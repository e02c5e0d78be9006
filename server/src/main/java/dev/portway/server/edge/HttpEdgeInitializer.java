// Assembles a visitor connection's pipeline on the HTTP port (decoder → HTTP front door) or on the HTTPS port
// (SNI router first, which passes tls sockets through and terminates TLS for the others). The HTTP front door is a
// chain, one concern each: access gate → forwarding headers → upgrade watch → relay to the stream.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import dev.portway.server.tls.CertificateBook;

public final class HttpEdgeInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 32 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final CertificateBook certificates;
    private final Supplier<Edge> edge;
    /** On the plain HTTP port with ACME: where the answers to HTTP-01 challenges are (null: none answered). */
    private final ChallengeAnswers challenges;
    /** One per listener, so that a flood of refusals on the HTTPS port logs a line per kind and period. */
    private final HttpsRefusals refusals = new HttpsRefusals();

    /**
     * certificates null: the plain HTTP port. The edge is looked up per connection: its HTTPS port is known only
     * late.
     */
    public HttpEdgeInitializer(CertificateBook certificates, Supplier<Edge> edge) {
        this(certificates, edge, null);
    }

    public HttpEdgeInitializer(CertificateBook certificates, Supplier<Edge> edge, ChallengeAnswers challenges) {
        this.certificates = certificates;
        this.edge = edge;
        this.challenges = challenges;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        Edge e = edge.get();
        if (e == null) {
            ch.close(); // still starting up
            return;
        }
        if (!e.cap().admit(ch)) {
            return;
        }
        // A visitor that half-closes after its request (printf … | socat) still gets the answer.
        ch.config().setAllowHalfClosure(true);
        if (certificates == null) {
            ChannelPipeline p = ch.pipeline();
            p.addLast("idle", idleState(e)).addLast("idle-close", IdleClose.INSTANCE).addLast("http", decoder());
            if (challenges != null) {
                p.addLast("acme-challenge", new AcmeChallengeHandler(challenges, e.unknownNames()));
            }
            frontDoor(p, challenges != null ? "acme-challenge" : "http", e, "http");
            HeadDeadline.install(p, "http", e.limits().headerTimeout());
        } else {
            ch.pipeline().addLast("sni", new SniRouter(e.catalog(), e.streams(), e.unknownNames(), refusals,
                    e.signIn().apex(), (ctx, name) -> terminate(ctx, name, e)));
        }
    }

    /**
     * The certificate is chosen per handshake: one put in the book since the last serves this one. The front door
     * comes once the handshake said which protocol the visitor chose (ALPN).
     */
    private void terminate(ChannelHandlerContext sni, String hostname, Edge e) {
        ChannelPipeline p = sni.pipeline();
        p.addAfter(sni.name(), "idle", idleState(e));
        p.addAfter("idle", "idle-close", IdleClose.INSTANCE);
        SslHandler tls = certificates.select(hostname).newHandler(sni.alloc());
        AlpnSplit.offer(tls.engine(), e.limits().http2());
        p.addAfter("idle-close", "tls", tls);
        String name = Hosts.routingName(hostname);
        String served = name == null ? null : e.catalog().byName(name).map(EdgeSocket::dnsName).orElse(name);
        // The chosen door goes after the split, which then hands it what it decrypted before the choice.
        p.addAfter("tls", "alpn", new AlpnSplit(h2 -> H2Connection.install(h2, "alpn", e, served), h1 -> {
            h1.addAfter("alpn", "http", decoder());
            frontDoor(h1, "http", e, "https");
            HeadDeadline.install(h1, "http", e.limits().headerTimeout());
        }));
    }

    /** One visitor's HTTP front door, after the handler named after; its watch and relay share the response scanner. */
    static void frontDoor(ChannelPipeline p, String after, Edge e, String scheme) {
        InetSocketAddress remote = (InetSocketAddress) p.channel().remoteAddress();
        String ip = remote.getAddress().getHostAddress();
        ResponseCounter responses = new ResponseCounter(e.streams().metrics(), scheme);
        p.addAfter(after, "gate", new AccessGate(e, scheme, remote, ip))
                .addAfter("gate", "forwarding", new ForwardingHeaders(scheme, ip))
                .addAfter("forwarding", "upgrade-watch", new UpgradeWatch(responses))
                .addAfter("upgrade-watch", "relay",
                        new VisitorToStreamRelay(e.streams(), scheme, remote, ip, responses));
    }

    private static IdleStateHandler idleState(Edge e) {
        return new IdleStateHandler(0, 0, e.limits().idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static HttpRequestDecoder decoder() {
        return new HttpRequestDecoder(MAX_LINE, MAX_HEADERS, MAX_CHUNK);
    }
}

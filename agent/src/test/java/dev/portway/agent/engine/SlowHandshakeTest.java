// A tunnel port that is slow or silent during TLS (a loaded or starting server): the edge's hello deadline counts
// from the end of the handshake, and an agent whose handshake timed out or was cut short retries instead of
// taking it for a changed certificate.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Version;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.transport.Transports;
import dev.portway.server.TestServers;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowHandshakeTest {
    @TempDir
    Path dir;

    /**
     * The edge's deadlines, 10 s each in production, shortened here (a server setting) so the test waits seconds:
     * the slow link below spends two thirds of each.
     */
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final long SLOW_MILLIS = DEADLINE.toMillis() * 2 / 3;

    private Harness withDeadlines() throws Exception {
        return new Harness(dir, TestServers.config(dir).toBuilder().handshakeTimeout(DEADLINE).build());
    }

    /**
     * 2 s before the ClientHello and 2 s from the handshake to the hello: each within its own 3 s deadline, though
     * together past the 3 s the edge used to allow from the TCP accept (and then closed with "sent no hello").
     */
    @Test
    void aSlowHandshakeLeavesTheAgentItsFullTimeToSayHello() throws Exception {
        try (Harness h = withDeadlines()) {
            Harness.Tunnel t = h.create();
            Hello hello = new Hello(Version.LINK_PROTOCOL, t.tunnel().tunnelId(), t.tunnel().credential(),
                    "slow-agent/1.0", "slow-host");
            SslContext ssl = SslContextBuilder.forClient().trustManager(FingerprintTrustManagerFactory
                    .builder("SHA-256").fingerprints(h.server.fingerprint()).build()).build();
            CompletableFuture<HelloReply> reply = new CompletableFuture<>();
            EventLoopGroup group = Transports.current().group(1);
            try {
                Channel ch = new Bootstrap().group(group).channel(Transports.current().socketChannel())
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel c) {
                                c.closeFuture().addListener(f -> reply.completeExceptionally(
                                        new IOException("the server closed the link")));
                            }
                        })
                        .connect("127.0.0.1", h.server.config().tunnelPort()).sync().channel();
                ch.eventLoop().schedule(() -> {
                    SslHandler tls = ssl.newHandler(ch.alloc(), "127.0.0.1", h.server.config().tunnelPort());
                    ch.pipeline().addLast(tls, new HelloCodec(), new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            reply.complete((HelloReply) msg);
                            ctx.close();
                        }
                    });
                    tls.handshakeFuture().addListener(done -> ch.eventLoop().schedule(
                            () -> ch.writeAndFlush(hello), SLOW_MILLIS, TimeUnit.MILLISECONDS));
                }, SLOW_MILLIS, TimeUnit.MILLISECONDS);
                HelloReply answer = reply.get(30, TimeUnit.SECONDS);
                assertTrue(answer.ok(), "accepted: " + answer.message());
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    /**
     * What the later start of the hello deadline must not open: a connection that never starts TLS is closed by the
     * handshake deadline, one that completes TLS and says nothing by the hello deadline (DEADLINE each).
     */
    @Test
    void silentLinksAreStillClosed() throws Exception {
        try (Harness h = withDeadlines(); Socket mute = new Socket(InetAddress.getLoopbackAddress(),
                h.server.config().tunnelPort())) {
            SslContext ssl = SslContextBuilder.forClient().trustManager(FingerprintTrustManagerFactory
                    .builder("SHA-256").fingerprints(h.server.fingerprint()).build()).build();
            EventLoopGroup group = Transports.current().group(1);
            try {
                Channel secured = new Bootstrap().group(group).channel(Transports.current().socketChannel())
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel c) {
                                c.pipeline().addLast(ssl.newHandler(c.alloc(), "127.0.0.1",
                                        h.server.config().tunnelPort()));
                            }
                        })
                        .connect("127.0.0.1", h.server.config().tunnelPort()).sync().channel();
                assertTrue(secured.pipeline().get(SslHandler.class).handshakeFuture().await(10, TimeUnit.SECONDS)
                        && secured.pipeline().get(SslHandler.class).handshakeFuture().isSuccess(), "TLS is up");
                mute.setSoTimeout(30_000);
                assertTrue(mute.getInputStream().read() < 0, "the connection without TLS is closed");
                await().atMost(Duration.ofSeconds(30)).until(() -> !secured.isActive());
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    /**
     * The first connection to the tunnel port is held open in silence, so the agent's TLS handshake times out; the
     * API still vouches for the pinned certificate. Taken for a certificate change, that stopped the agent with
     * "someone may be intercepting the link"; it is a slow server, so the agent retries and comes online. The
     * agent's handshake deadline (10 s by default) is 2 s here.
     */
    @Test
    void aHandshakeThatTimesOutIsRetriedNotTakenForACertificateChange() throws Exception {
        try (Harness h = Harness.start(dir); Origin origin = new Origin();
             SilentFirst port = new SilentFirst(h.server.config().tunnelPort())) {
            Harness.Tunnel t = h.create();
            RecordingListener events = new RecordingListener();
            try (TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint("127.0.0.1", port.port(),
                    h.server.fingerprint(), t.tunnel().tunnelId(), t.tunnel().credential()),
                    new LocalTarget("127.0.0.1", origin.port()), events)
                    .rereadFingerprintWith(() -> h.api.serverInfo().tunnelFingerprint())
                    .handshakeTimeout(Duration.ofSeconds(2))) {
                agent.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> events.status == AgentStatus.ONLINE
                        || events.status == AgentStatus.ERROR);
                assertTrue(events.status == AgentStatus.ONLINE, "online, not: " + events.detail);
                assertTrue(events.details.stream().anyMatch(d -> d.contains("did not finish the TLS handshake")),
                        "the retry says why: " + events.details);
                assertFalse(events.details.stream().anyMatch(d -> d.contains("certificate")),
                        events.details.toString());
                assertTrue(port.accepted() >= 2, "a second connection after the silent one");
            }
        }
    }

    /** A tunnel port that hangs up in the middle of TLS is reported as such, not as a bare "link closed". */
    @Test
    void aLinkCutDuringTheHandshakeSaysSo() throws Exception {
        try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Origin origin = new Origin()) {
            Thread t = new Thread(() -> {
                while (!hangUp.isClosed()) {
                    try (Socket s = hangUp.accept()) {
                        // The whole ClientHello record, so the close is a plain FIN (unread bytes would make it a
                        // reset, which the agent reports as such).
                        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                        byte[] head = new byte[5];
                        in.readFully(head);
                        in.readFully(new byte[((head[3] & 0xff) << 8) | (head[4] & 0xff)]);
                    } catch (IOException e) {
                        // closed by the test
                    }
                }
            }, "hang-up");
            t.setDaemon(true);
            t.start();
            RecordingListener events = new RecordingListener();
            try (TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint("127.0.0.1", hangUp.getLocalPort(),
                    "00".repeat(32), "tunnel", "credential"), new LocalTarget("127.0.0.1", origin.port()), events)) {
                agent.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> events.status == AgentStatus.RETRYING);
                assertTrue(events.detail.contains("the server closed the link during the TLS handshake"),
                        events.detail);
            }
        }
    }

    /**
     * Holds the first connection open without reading or writing (a server too busy to answer), and relays every
     * later one to the real tunnel port.
     */
    private static final class SilentFirst implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();

        SilentFirst(int target) throws IOException {
            Thread t = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket a = listener.accept();
                        sockets.add(a);
                        if (accepted.incrementAndGet() == 1) {
                            continue;
                        }
                        Socket b = new Socket(InetAddress.getLoopbackAddress(), target);
                        sockets.add(b);
                        pump(a, b);
                        pump(b, a);
                    } catch (IOException e) {
                        // closed by the test
                    }
                }
            }, "silent-first");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // one side went away
                }
            }, "silent-first-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}

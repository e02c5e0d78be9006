// A link that goes silent is found dead on both ends: the edge drops a mute agent, the agent leaves a mute edge.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Version;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.transport.Transports;
import io.netty.channel.EventLoopGroup;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.security.TlsMaterial;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkHeartbeatTest {
    @TempDir
    Path dir;
    final EventLoopGroup group = Transports.current().group(1);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Completes the hello as the given side, then falls silent: no HTTP/2, no pings, no answers. */
    private static final class MuteAfterHello extends ChannelInboundHandlerAdapter {
        private final Object greeting;

        MuteAfterHello(Object greeting) {
            this.greeting = greeting;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (greeting instanceof Hello) {
                ctx.writeAndFlush(greeting);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Hello) {
                ctx.writeAndFlush(greeting);
            }
            if (msg instanceof Hello || msg instanceof HelloReply) {
                ctx.pipeline().remove(HelloCodec.class);
            }
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    /** A fake edge with the given certificate that accepts any hello and then says nothing. */
    private Channel muteEdge(TlsMaterial tls) throws Exception {
        SslContext ssl = SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile()).build();
        return new ServerBootstrap().group(group).channel(Transports.current().serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new HelloCodec(),
                                new MuteAfterHello(HelloReply.accepted("s", "mute-edge-0001.localhost", "http://x/")));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @Test
    void edgeDropsAnAgentThatFallsSilent() throws Exception {
        ServerConfig config = ServerConfig.builder(dir).heartbeat(Duration.ofMillis(300))
                .deadAfter(Duration.ofSeconds(1)).build();
        try (Harness h = new Harness(dir, config)) {
            Harness.Tunnel t = h.create();
            SslContext ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            Hello hello = new Hello(Version.LINK_PROTOCOL, t.tunnel().tunnelId(), t.tunnel().credential(), "mute",
                    null);
            Channel mute = new Bootstrap().group(group).channel(Transports.current().socketChannel())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new HelloCodec(),
                                    new MuteAfterHello(hello));
                        }
                    }).connect("127.0.0.1", h.server.config().tunnelPort()).sync().channel();
            await().atMost(Duration.ofSeconds(5)).until(() -> h.server.registry().size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> h.server.registry().size() == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> !mute.isActive());
        }
    }

    @Test
    void agentLeavesAnEdgeThatFallsSilent() throws Exception {
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir, "localhost");
        Channel edge = muteEdge(tls);
        int port = ((InetSocketAddress) edge.localAddress()).getPort();
        RecordingListener listener = new RecordingListener();
        try (TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint("127.0.0.1", port, tls.fingerprint(),
                "t", "c"), new LocalTarget("127.0.0.1", 9), listener, Duration.ofSeconds(1), null)) {
            agent.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.statuses.contains(AgentStatus.ONLINE));
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                int online = listener.statuses.indexOf(AgentStatus.ONLINE);
                return listener.statuses.subList(online, listener.statuses.size()).contains(AgentStatus.RETRYING);
            });
        } finally {
            edge.close().sync();
        }
    }

    @Test
    void agentRefusesAnEdgeWithAnotherCertificate() throws Exception {
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir.resolve("a"), "localhost");
        TlsMaterial other = TlsMaterial.loadOrCreate(dir.resolve("b"), "localhost");
        Channel edge = muteEdge(tls);
        int port = ((InetSocketAddress) edge.localAddress()).getPort();
        RecordingListener listener = new RecordingListener();
        try (TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint("127.0.0.1", port,
                other.fingerprint(), "t", "c"), new LocalTarget("127.0.0.1", 9), listener)) {
            agent.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.status == AgentStatus.RETRYING);
            assertTrue(listener.detail.contains("fingerprint"), listener.detail);
            assertTrue(!listener.statuses.contains(AgentStatus.ONLINE));
        } finally {
            edge.close().sync();
        }
    }
}

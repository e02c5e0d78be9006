// A minimal agent for server tests: a real TLS link to the tunnel port that says hello and, once accepted, speaks
// HTTP/2 as an agent's link does (LinkPipeline's answering end: it answers pings and opens no streams).
package dev.portway.server;

import dev.portway.protocol.Version;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.link.LinkPipeline;
import dev.portway.protocol.transport.Transports;
import dev.portway.server.security.TlsMaterial;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public final class TestLink implements AutoCloseable {
    public static final String AGENT = "test-agent/1.0";
    public static final String HOST = "test-host";

    private final EventLoopGroup group = Transports.current().group(1);
    private final CompletableFuture<HelloReply> reply = new CompletableFuture<>();
    private Channel channel;

    private TestLink() {
    }

    /** Opens a link for the tunnel and waits for the server's answer to its hello. */
    public static TestLink connect(int tunnelPort, String tunnelId, String credential) throws Exception {
        return connect(tunnelPort, new Hello(Version.LINK_PROTOCOL, tunnelId, credential, AGENT, HOST));
    }

    /** Opens a link with this hello (another node's, say) and waits for the server's answer. */
    public static TestLink connect(int tunnelPort, Hello hello) throws Exception {
        return connect(tunnelPort, hello, null);
    }

    /** As above, presenting the certificate of tls to the server as a client certificate (none when null). */
    public static TestLink connect(int tunnelPort, Hello hello, TlsMaterial tls) throws Exception {
        TestLink link = new TestLink();
        try {
            link.open(tunnelPort, hello, tls);
            return link;
        } catch (Exception e) {
            link.close();
            throw e;
        }
    }

    private void open(int port, Hello hello, TlsMaterial tls) throws Exception {
        // The test trusts its own server: what is under test here is the API, not the link's certificate pinning.
        SslContextBuilder builder = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE);
        if (tls != null) {
            builder.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
        }
        SslContext ssl = builder.build();
        channel = new Bootstrap().group(group).channel(Transports.current().socketChannel())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc(), "127.0.0.1", port))
                                .addLast(LinkPipeline.HELLO_CODEC, new HelloCodec())
                                .addLast(LinkPipeline.HELLO, new HelloClient());
                    }
                }).connect("127.0.0.1", port).sync().channel();
        channel.writeAndFlush(hello).sync();
        reply.get(10, TimeUnit.SECONDS);
    }

    public HelloReply reply() {
        return reply.join();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class HelloClient extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HelloReply r)) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (r.ok()) {
                LinkPipeline.answersStreams("test agent").streams(new ChannelInboundHandlerAdapter())
                        .install(ctx.pipeline());
            }
            reply.complete(r);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.completeExceptionally(new IllegalStateException("the server closed the link before answering"));
            ctx.fireChannelInactive();
        }
    }
}

// Assembles the agent's link pipeline: pinned TLS, the hello, then (once accepted) HTTP/2 as the answering side.
package dev.portway.agent.engine;

import dev.portway.protocol.Version;
import dev.portway.protocol.link.ByteBufToDataFrame;
import dev.portway.protocol.link.GoAwayReason;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.link.LinkPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

final class AgentLinkInitializer extends ChannelInitializer<SocketChannel> {
    private final SslContext ssl;
    private final String host;
    private final int port;
    private final Hello hello;
    private final Duration deadAfter;
    private final Duration handshakeTimeout;
    private final Supplier<LocalStreamHandler> streams;
    private final LinkEvents events;

    AgentLinkInitializer(SslContext ssl, String host, int port, String tunnelId, String credential,
                         LocalTarget target, Duration deadAfter, Duration handshakeTimeout,
                         Supplier<LocalStreamHandler> streams, LinkEvents events) {
        this.ssl = ssl;
        this.host = host;
        this.port = port;
        this.hello = new Hello(Version.LINK_PROTOCOL, tunnelId, credential, "portway/" + Version.PRODUCT,
                MachineName.get(), null, target.address(), java.util.List.of(Hello.FEATURE_UDP));
        this.deadAfter = deadAfter;
        this.handshakeTimeout = handshakeTimeout;
        this.streams = streams;
        this.events = events;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        SslHandler tls = ssl.newHandler(ch.alloc(), host, port);
        tls.setHandshakeTimeout(handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ch.pipeline().addLast("tls", tls)
                .addLast(LinkPipeline.HELLO_CODEC, new HelloCodec())
                .addLast(LinkPipeline.HELLO, new HelloClient());
    }

    /**
     * Sends the hello and waits for the edge's answer; on "accepted" the link becomes HTTP/2. The wait for the answer
     * starts once TLS is up: the handshake has its own deadline, and a slow one (a loaded or starting server) must
     * not eat the time the edge has to check the hello.
     */
    private final class HelloClient extends ChannelInboundHandlerAdapter {
        private io.netty.util.concurrent.ScheduledFuture<?> timeout;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // Held by TLS until the handshake is done, then sent in the same flight as its last message.
            ctx.writeAndFlush(hello);
            ctx.fireChannelActive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HelloReply reply)) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (!reply.ok()) {
                events.refused(reply);
                ctx.close();
                return;
            }
            upgradeToHttp2(ctx.pipeline());
            events.accepted(reply);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    // An edge that never answers must not leave the agent "connecting" forever.
                    timeout = ctx.executor().schedule(() -> {
                        events.failed(new java.io.IOException("the server did not answer the hello"));
                        ctx.close();
                    }, deadAfter.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    // A failed handshake closes the link at once; record why before the close is seen. A server
                    // that hung up mid-handshake fails it with a bare ClosedChannelException: say what happened.
                    events.failed(LinkFailures.hasCause(done.cause(), java.nio.channels.ClosedChannelException.class)
                            ? new java.io.IOException(LinkFailures.CLOSED_IN_HANDSHAKE) : done.cause());
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.failed(cause);
            ctx.close();
        }
    }

    /**
     * The server is stopping (GOAWAY): its transfers finish, kept-alive HTTP connections end when idle. A GOAWAY with
     * a reason is the server closing this link on purpose (another agent took the tunnel over).
     */
    private final class ServerGoingAway extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2GoAwayFrame goAway) {
                events.goingAway(GoAwayReason.decode(goAway.content()).orElse(null));
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** Last in the HTTP/2 pipeline: a link-level failure is reported once and ends the link. */
    private final class LinkFailure extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.failed(cause);
            ctx.close();
        }
    }

    private void upgradeToHttp2(ChannelPipeline p) {
        LinkPipeline.answersStreams("to " + host + ":" + port).deadAfter(deadAfter)
                .streams(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.config().setAutoRead(false);
                        ch.pipeline().addLast(ByteBufToDataFrame.INSTANCE, streams.get());
                    }
                })
                .then("goaway", new ServerGoingAway())
                .then("failure", new LinkFailure())
                .install(p);
    }
}

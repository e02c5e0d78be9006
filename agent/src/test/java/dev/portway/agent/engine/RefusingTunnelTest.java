// A tunnel whose agent cannot reach its local service is passed over for new visitors while another is online.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.link.RawFrames;
import dev.portway.protocol.transport.Transports;
import dev.portway.server.TestServers;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefusingTunnelTest {
    @TempDir
    Path dir;

    @Test
    void visitorsGoToTheTunnelWhoseServiceAnswers() throws Exception {
        int closedPort = TestServers.freeRange(1);
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            SocketInfo socket = h.api.createSocket("two", "http");
            Harness.Tunnel broken = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
            Harness.Tunnel working = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
            // New connections each time: every request is a new visitor, routed afresh.
            OkHttpClient client = h.visitor.newBuilder().connectionPool(new okhttp3.ConnectionPool(0, 1,
                    java.util.concurrent.TimeUnit.SECONDS)).retryOnConnectionFailure(false).build();
            try (TunnelAgent a = h.connectAndAwaitOnline(broken, closedPort, new RecordingListener());
                 TunnelAgent b = h.connectAndAwaitOnline(working, origin.port(), new RecordingListener())) {
                int failed = 0;
                for (int i = 0; i < 20; i++) {
                    try (Response r = client.newCall(new Request.Builder().url(h.url(socket, "/hello"))
                            .header("Connection", "close").build()).execute()) {
                        if (r.code() != 200) {
                            assertEquals(502, r.code());
                            failed++;
                        }
                    }
                }
                // Plain round-robin would send every second visitor to the broken tunnel: 10 failures.
                assertTrue(failed <= 1, failed + " of 20 visitors hit the tunnel whose service refused");
            }
        }
    }

    @Test
    void aTunnelThatCannotOpenStreamsIsSkippedWithoutLosingTheVisitor() throws Exception {
        EventLoopGroup group = Transports.current().group(1);
        try (Harness h = Harness.start(dir); Origin origin = new Origin();
             java.net.ServerSocket sink = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                // A link in its last moments: HTTP/2 is up, but the far end said GOAWAY, so a new stream's
                // HEADERS cannot be written. The edge has not noticed yet (the session is not marked).
                Thread farEnd = new Thread(() -> {
                    try (java.net.Socket s = sink.accept()) {
                        s.getOutputStream().write(RawFrames.concat(RawFrames.settings(),
                                RawFrames.goAway(0, 0, new byte[0])));
                        s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException e) {
                        // the test is over
                    }
                });
                farEnd.setDaemon(true);
                farEnd.start();
                io.netty.channel.Channel broken = new io.netty.bootstrap.Bootstrap().group(group)
                        .channel(Transports.current().socketChannel())
                        .handler(new io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                            @Override
                            protected void initChannel(io.netty.channel.socket.SocketChannel ch) {
                                ch.pipeline().addLast(io.netty.handler.codec.http2.Http2FrameCodecBuilder.forClient()
                                        .build(), new io.netty.handler.codec.http2.Http2MultiplexHandler(
                                        new io.netty.channel.ChannelInboundHandlerAdapter()));
                            }
                        })
                        .connect("127.0.0.1", sink.getLocalPort()).sync().channel();
                io.netty.handler.codec.http2.Http2FrameCodec codec =
                        broken.pipeline().get(io.netty.handler.codec.http2.Http2FrameCodec.class);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> codec.connection().goAwayReceived());
                h.server.registry().register(new dev.portway.server.link.TunnelSession("broken",
                        t.socket().socketId(), t.socket().dnsName(), broken));
                OkHttpClient client = h.visitor.newBuilder().connectionPool(new okhttp3.ConnectionPool(0, 1,
                        java.util.concurrent.TimeUnit.SECONDS)).retryOnConnectionFailure(false).build();
                for (int i = 0; i < 10; i++) {
                    try (Response r = client.newCall(new Request.Builder().url(h.url(t.socket(), "/hello"))
                            .header("Connection", "close").build()).execute()) {
                        assertEquals(200, r.code(), "visitor " + i + " went on to the working tunnel");
                    }
                }
                broken.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}

// HeadroomRecvAllocator on a real socket of the transport in use: every read leaves the frame header's room in front
// of its bytes, holds at most what fits one frame with it, and each read call reads once.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeadroomRecvAllocatorTest {
    private static final int TOTAL = 1024 * 1024;

    @Test
    void eachReadLeavesRoomForTheHeaderAndFitsOneFrame() throws Exception {
        byte[] sent = new byte[TOTAL];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 7 + i / 251);
        }
        List<int[]> reads = new ArrayList<>();
        List<Integer> readsPerCall = new ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CountDownLatch done = new CountDownLatch(1);
        EventLoopGroup group = Transports.current().group(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel ch = new Bootstrap().group(group).channel(Transports.socketChannel(group))
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, LinkSettings.relayAllocator())
                    .handler(new ChannelInboundHandlerAdapter() {
                        private int inThisCall;

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf buf = (ByteBuf) msg;
                            reads.add(new int[]{buf.readerIndex(), buf.readableBytes()});
                            inThisCall++;
                            received.writeBytes(ByteBufUtil.getBytes(buf));
                            buf.release();
                        }

                        @Override
                        public void channelReadComplete(ChannelHandlerContext ctx) {
                            readsPerCall.add(inThisCall);
                            inThisCall = 0;
                            if (received.size() >= TOTAL) {
                                done.countDown();
                            } else {
                                ctx.read();
                            }
                        }
                    })
                    .connect(server.getLocalSocketAddress()).sync().channel();
            try (Socket peer = server.accept(); OutputStream out = peer.getOutputStream()) {
                ch.read();
                out.write(sent);
                out.flush();
                assertTrue(done.await(20, TimeUnit.SECONDS), "all bytes read");
            } finally {
                ch.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        assertArrayEquals(sent, received.toByteArray());
        for (int[] read : reads) {
            assertEquals(HeadroomRecvAllocator.HEADROOM, read[0], "room for the header in front");
            assertTrue(read[1] <= HeadroomRecvAllocator.MAX_READ, "one frame with its header: " + read[1]);
        }
        assertTrue(reads.stream().anyMatch(r -> r[1] == HeadroomRecvAllocator.MAX_READ), "full frames once it grew");
        readsPerCall.forEach(n -> assertTrue(n <= 1, "one read per read call: " + n));
    }
}

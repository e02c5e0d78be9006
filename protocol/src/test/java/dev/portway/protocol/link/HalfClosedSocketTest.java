// A raw TCP relay's socket after the visitor's FIN: the relay may still ask for a read (its last write completes
// late) and still writes a long answer back. On every transport the socket must stay open for both; on Netty
// 4.2.18's epoll neither worked without EpollInterestGuard (the next epoll_ctl failed with ENOENT and closed it).
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HalfClosedSocketTest {
    private static final int SENT = 256 * 1024;
    /** More than loopback's socket buffers hold, so the answer waits for the socket to drain (EPOLLOUT). */
    private static final int ANSWER_CHUNKS = 512;
    private static final int CHUNK = 64 * 1024;

    /** Reads on demand, as the relays do; at the visitor's FIN asks for one more read, then answers at length. */
    private static final class AnswerAfterFin extends ChannelInboundHandlerAdapter {
        private long received;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received += ((ByteBuf) msg).readableBytes();
            ((ByteBuf) msg).release();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Channels.readAfter(ctx.channel(), null);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                Channel ch = ctx.channel();
                // The relay's last write to its stream completes a while after the FIN (once the loop has seen the
                // FIN's EPOLLRDHUP too); its listener asks for a read, then the far end's answer comes.
                ch.eventLoop().schedule(() -> {
                    Channels.readAfter(ch, null);
                    ch.eventLoop().execute(() -> answer(ch));
                }, 100, TimeUnit.MILLISECONDS);
            }
        }

        /** Says how much came, then a long tail the visitor reads only later, then ends the output. */
        private void answer(Channel ch) {
            ByteBuf head = ch.alloc().buffer(8).writeLong(received);
            ChannelFuture last = ch.write(head);
            for (int i = 0; i < ANSWER_CHUNKS; i++) {
                last = ch.write(ch.alloc().buffer(CHUNK).writeZero(CHUNK));
            }
            ch.flush();
            last.addListener(f -> ((DuplexChannel) ch).shutdownOutput());
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void theSocketStaysOpenAfterTheVisitorsFinAndItsAnswerArrivesWhole(Transports t) throws Exception {
        EventLoopGroup group = t.group(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(t.serverChannel())
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new AnswerAfterFin()).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(new byte[SENT]);
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                byte[] head = in.readNBytes(8);
                long tail = in.transferTo(OutputStream.nullOutputStream());
                assertEquals(SENT + " " + (long) ANSWER_CHUNKS * CHUNK,
                        ByteBuffer.wrap(head).getLong() + " " + tail, t.label());
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

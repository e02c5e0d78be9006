// What each Netty transport (nio, epoll, io_uring) costs in CPU on this machine, as Transports builds them: loopback
// request/response exchanges and one bulk transfer, read on demand as the relays read. CPU time of the whole process
// per exchange and per MiB is what it reports, which a busy shared machine skews far less than requests per second.
// Run by bench/transports; rounds interleave the transports so drifting load hits them alike.
import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class TransportCost {
    private static final int CONNECTIONS = 32;
    private static final int MESSAGE = 1024;
    private static final int CHUNK = 64 * 1024;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "3");
        int exchanges = Integer.parseInt(args.length > 1 ? args[1] : "40000");
        long bulkMib = Long.parseLong(args.length > 2 ? args[2] : "512");
        List<Transports> order = new ArrayList<>(List.of(Transports.values()));
        System.out.println("round transport exchanges cpu_us_per_exchange wall_ms bulk_mib cpu_ms_per_mib wall_mib_s");
        for (int round = 0; round <= rounds; round++) {
            for (Transports t : order) {
                double[] rr = exchanges(t, exchanges);
                double[] bulk = bulk(t, bulkMib);
                if (round > 0) { // round 0 warms the JIT up
                    System.out.printf(Locale.ROOT, "%d %s %d %.2f %.0f %d %.3f %.0f%n", round, t.label(), exchanges,
                            rr[0], rr[1], bulkMib, bulk[0], bulk[1]);
                }
            }
            order.add(order.remove(0)); // a different transport goes first in each round
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Server side: reads on demand and answers every MESSAGE bytes with MESSAGE bytes. */
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private long pending;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            pending += in.readableBytes();
            in.release();
            while (pending >= MESSAGE) {
                pending -= MESSAGE;
                ctx.write(ctx.alloc().buffer(MESSAGE).writeZero(MESSAGE));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            ctx.read();
        }
    }

    /** Client side: sends a message, waits for the whole answer, sends the next, until the shared count runs out. */
    private static final class Ask extends ChannelInboundHandlerAdapter {
        private final AtomicLong left;
        private final CountDownLatch done;
        private long got;

        Ask(AtomicLong left, CountDownLatch done) {
            this.left = left;
            this.done = done;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            next(ctx);
            ctx.read();
        }

        private void next(ChannelHandlerContext ctx) {
            if (left.getAndDecrement() > 0) {
                ctx.writeAndFlush(ctx.alloc().buffer(MESSAGE).writeZero(MESSAGE));
            } else {
                done.countDown();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            got += in.readableBytes();
            in.release();
            while (got >= MESSAGE) {
                got -= MESSAGE;
                next(ctx);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.read();
        }
    }

    private static double[] exchanges(Transports t, int count) throws Exception {
        EventLoopGroup group = t.group(2);
        try {
            Channel server = new ServerBootstrap().group(group).channel(t.serverChannel())
                    .childOption(ChannelOption.AUTO_READ, false).childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Answer());
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            AtomicLong left = new AtomicLong(count);
            CountDownLatch done = new CountDownLatch(CONNECTIONS);
            long cpu = cpuNanos();
            long wall = System.nanoTime();
            List<Channel> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(new Bootstrap().group(group).channel(t.socketChannel())
                        .option(ChannelOption.AUTO_READ, false).option(ChannelOption.TCP_NODELAY, true)
                        .handler(new Ask(left, done)).connect("127.0.0.1", port).sync().channel());
            }
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException(t.label() + ": exchanges did not finish");
            }
            double cpuUs = (cpuNanos() - cpu) / 1e3 / count;
            double wallMs = (System.nanoTime() - wall) / 1e6;
            for (Channel c : clients) {
                c.close().sync();
            }
            server.close().sync();
            return new double[] {cpuUs, wallMs};
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Server side of the bulk transfer: counts what it reads, on demand. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        private final long expected;
        private final CountDownLatch done;
        private long got;

        Sink(long expected, CountDownLatch done) {
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            got += ((ByteBuf) msg).readableBytes();
            ((ByteBuf) msg).release();
            if (got >= expected) {
                done.countDown();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.read();
        }
    }

    /** Client side: writes chunks while the channel is writable (back-pressure), until the total is out. */
    private static final class Source extends ChannelInboundHandlerAdapter {
        private long left;

        Source(long total) {
            this.left = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            while (left > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(CHUNK, left);
                left -= n;
                ctx.write(ctx.alloc().buffer(n).writeZero(n));
            }
            ctx.flush();
        }
    }

    private static double[] bulk(Transports t, long mib) throws Exception {
        EventLoopGroup group = t.group(2);
        try {
            long total = mib * 1024 * 1024;
            CountDownLatch done = new CountDownLatch(1);
            Channel server = new ServerBootstrap().group(group).channel(t.serverChannel())
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Sink(total, done));
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            long cpu = cpuNanos();
            long wall = System.nanoTime();
            Channel client = new Bootstrap().group(group).channel(t.socketChannel())
                    .handler(new Source(total)).connect("127.0.0.1", port).sync().channel();
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException(t.label() + ": bulk transfer did not finish");
            }
            double cpuMsPerMib = (cpuNanos() - cpu) / 1e6 / mib;
            double mibPerS = mib / ((System.nanoTime() - wall) / 1e9);
            client.close().sync();
            server.close().sync();
            return new double[] {cpuMsPerMib, mibPerS};
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

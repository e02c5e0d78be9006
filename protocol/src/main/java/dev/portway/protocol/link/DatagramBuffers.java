// Socket settings and buffer handling shared by both ends' UDP channels (the edge's port, the agent's local flow):
// receive buffers big enough for any datagram, and small datagrams moved out of them before they are queued.
package dev.portway.protocol.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

public final class DatagramBuffers {
    /** Kernel socket buffers: a burst of datagrams waits there rather than being dropped by the kernel. */
    private static final int SOCKET_BUFFER = 2 * 1024 * 1024;
    /** A datagram whose receive buffer wastes more than this is copied into a buffer of its own size. */
    private static final int WASTE = 4 * 1024;

    private DatagramBuffers() {
    }

    /**
     * A UDP channel's options (the edge's port, the agent's socket toward its service): kernel buffers for bursts, and
     * one receive buffer per datagram as large as the largest, since a smaller guess (an adaptive allocator) would
     * have the kernel cut a bigger datagram short. Netty's pooled allocator here instead of its default measured no
     * cheaper (bench/run --only udp, CPU per GB), so the default stays.
     */
    public static Bootstrap options(Bootstrap bootstrap) {
        return bootstrap.option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(64 * 1024))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark());
    }

    /** Replies queue for the socket up to this much before they are dropped (the channel is unwritable). */
    private static WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(512 * 1024, SOCKET_BUFFER);
    }

    /**
     * What a flow's stream may hold toward the link before its datagrams are dropped: Netty's default (64 KiB) dropped
     * a burst of 50 Mbit/s that the link carried a moment later (iperf3 -u lost 8.5 %); per flow it stays small
     * beside the stream's 1 MiB window, with the flows per address and per socket capped.
     */
    public static WriteBufferWaterMark streamWaterMark() {
        return new WriteBufferWaterMark(128 * 1024, 256 * 1024);
    }

    /**
     * The datagram in a buffer that fits it: a 64 KiB receive buffer held by a 1 KiB datagram while it waits in a
     * queue or a flow-control window would multiply the memory queued by 64. The same for a slice (a reply cut out
     * of a DATA frame): it pins the whole buffer it was cut from. Copies (and releases the original) only then; a
     * large datagram keeps its buffer.
     */
    public static ByteBuf fit(ByteBuf datagram) {
        int size = datagram.readableBytes();
        int held = datagram.capacity();
        for (ByteBuf under = datagram.unwrap(); under != null; under = under.unwrap()) {
            held = Math.max(held, under.capacity());
        }
        if (held - size <= WASTE) {
            return datagram;
        }
        try {
            return datagram.alloc().directBuffer(size, size).writeBytes(datagram);
        } finally {
            datagram.release();
        }
    }
}

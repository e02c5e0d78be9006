// Tuning of the tunnel link shared by both ends: heartbeats, HTTP/2 windows and frame sizes.
package dev.portway.protocol.link;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;

public final class LinkSettings {
    /** How often the edge sends an HTTP/2 PING on an idle link. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    /** A link that has read nothing for this long is dead, on both ends. */
    public static final Duration DEAD_AFTER = Duration.ofSeconds(15);
    /** Per-stream window: bounds what one slow stream may hold in buffers. */
    public static final int STREAM_WINDOW = 1024 * 1024;
    /** Extra connection-level window so many streams can be in flight at once. */
    public static final int CONNECTION_WINDOW = 16 * 1024 * 1024;
    /**
     * Frames of up to 256 KiB: a relay's read is one DATA frame (HeadroomRecvAllocator), and reads as large as this
     * cost fewer system calls and loop turns per byte than 64 KiB ones (docs/benchmarks-tuning.md, "DATA frames as
     * one buffer").
     */
    public static final int MAX_FRAME_SIZE = 256 * 1024;
    public static final int MAX_CONCURRENT_STREAMS = 10_000;

    private LinkSettings() {
    }

    /** Socket reads of up to 256 KiB: a bulk transfer costs fewer system calls per byte. */
    public static RecvByteBufAllocator recvAllocator() {
        return new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024);
    }

    /**
     * Reads of the sockets relayed into tunnel streams (visitors at the edge, local connections at the agent): one
     * frame each, with room for its header in front, so header and payload reach the TLS handler as one buffer.
     */
    public static RecvByteBufAllocator relayAllocator() {
        return new HeadroomRecvAllocator();
    }

    /**
     * What a link may have queued before it reports itself unwritable. Netty's HTTP/2 flow controller writes at
     * most that much (at least the low mark) each round, so a relay's read must fit under it to reach the codec as
     * one frame and leave as one buffer: with Netty's default (64 KiB) a 256 KiB read was cut into four slices.
     */
    static WriteBufferWaterMark writeBufferWaterMark() {
        return new WriteBufferWaterMark(MAX_FRAME_SIZE, 2 * MAX_FRAME_SIZE);
    }

    /**
     * Sits between TLS and HTTP/2 on the link: the flushes of many streams in one event-loop turn (each visitor's
     * read flushes its stream) become one TLS record batch and one write system call. Outside a read of the link
     * the flush waits only for the tasks already queued on the loop.
     */
    static FlushConsolidationHandler flushConsolidation() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }

    public static Http2Settings http2Settings() {
        return new Http2Settings()
                .initialWindowSize(STREAM_WINDOW)
                .maxFrameSize(MAX_FRAME_SIZE)
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(64 * 1024);
    }
}

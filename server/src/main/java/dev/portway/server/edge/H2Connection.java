// An HTTPS visitor connection that chose HTTP/2 (ALPN h2): the frame codec with its caps (concurrent streams, header
// list size, the flow-control window, Netty's guards against rapid resets, CONTINUATION and empty-frame floods and
// queued control frames), and each stream as a child channel with the HTTP front door of its own (H2StreamDoor).
package dev.portway.server.edge;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import java.net.InetSocketAddress;

final class H2Connection {
    /** Streams a visitor may have open at once on one connection; the next is refused (RST_STREAM REFUSED_STREAM). */
    static final int MAX_STREAMS = 100;
    /**
     * Each stream's receive window: what a visitor may send ahead of the tunnel taking it. The connection's window
     * is three times this (Netty's server codec), so one upload cannot stall the other streams.
     */
    static final int STREAM_WINDOW = 128 * 1024;
    /** RST_STREAM frames a visitor may send per window before the connection is closed (CVE-2023-44487). */
    static final int MAX_RESETS = 200;
    static final int RESET_WINDOW_SECONDS = 30;
    /** CONTINUATION frames with small payloads in one header block (the CONTINUATION flood). */
    static final int MAX_SMALL_CONTINUATIONS = 16;

    private H2Connection() {
    }

    /**
     * Puts the HTTP/2 handlers after the handler named after. servedName: the name the connection serves (its SNI
     * name's socket); a stream asking for another gets 421, as a second name on an HTTP/1.1 connection does.
     */
    static void install(ChannelPipeline p, String after, Edge e, String servedName) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_STREAMS)
                        .initialWindowSize(STREAM_WINDOW)
                        .maxHeaderListSize(HttpEdgeInitializer.MAX_HEADERS))
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
                .validateHeaders(true)
                .build();
        InetSocketAddress remote = (InetSocketAddress) p.channel().remoteAddress();
        p.addAfter(after, "h2-input-end", H2InputEnd.INSTANCE)
                .addAfter("h2-input-end", "h2", codec)
                .addAfter("h2", "h2-streams", new Http2MultiplexHandler(new H2StreamDoor(e, remote, servedName)))
                .addAfter("h2-streams", "h2-errors", H2ConnectionErrors.INSTANCE);
        e.streams().metrics().visitor("https");
        // Every stream's frames, WINDOW_UPDATEs and PINGs come on this connection: it always reads; the windows
        // bound what a visitor can send ahead, and each stream reads on as its tunnel stream takes its bytes.
        p.channel().config().setAutoRead(true);
    }
}

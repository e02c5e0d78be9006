// The HTTP/2 codec of a link, for either end: Netty's, with the link's settings, a byte distributor sized for
// relayed transfers, and no caps on stream resets. Built only by LinkPipeline, so every kind of link gets the same.
package dev.portway.protocol.link;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.WeightedFairQueueByteDistributor;

final class LinkCodec extends Http2FrameCodecBuilder {
    /**
     * What each stream with data waiting may send in its turn when several share the link. Netty's default, 1 KiB,
     * cut parallel bulk transfers into 1 KiB DATA frames (each with its own header, promise and share of a TLS
     * record): 8 iperf3 streams moved less than half of what one did. One full frame per turn keeps frames large;
     * a small response still goes out in the first turn it gets, behind at most one frame of each busy stream.
     */
    static final int QUANTUM = LinkSettings.MAX_FRAME_SIZE;

    private LinkCodec(boolean server) {
        Http2Connection connection = new DefaultHttp2Connection(server);
        WeightedFairQueueByteDistributor distributor = new WeightedFairQueueByteDistributor(connection);
        distributor.allocationQuantum(QUANTUM);
        connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection, distributor));
        connection(connection);
        gracefulShutdownTimeoutMillis(0);
        initialSettings(LinkSettings.http2Settings());
        // Netty's caps on RST_STREAM (200 sent or received per 30 s, then the whole connection goes with
        // ENHANCE_YOUR_CALM) guard a server against untrusted HTTP/2 clients opening and resetting streams; they are
        // on for both ends here (the builder counts as a server unless told otherwise). On a link resets are ordinary
        // relayed events: each visitor that aborts, each local connection that ends while bytes still flow, and
        // Netty's own answer to every DATA frame already in flight on a stream it reset (a bulk stream has dozens).
        // With the caps, 8 parallel transfers ending at once, or 200 visitors that reset, cut every connection of
        // the tunnel (or, on a link between nodes, of every tunnel relayed over it). Visitors are limited at the
        // edge; an agent never opens streams; a flood of resets, like any control frame, meets ControlFrameLimit.
        decoderEnforceMaxRstFramesPerWindow(0, 0);
        encoderEnforceMaxRstFramesPerWindow(0, 0);
    }

    /** The agent's end: it accepts the streams the edge opens. */
    static Http2FrameCodecBuilder forAgent() {
        return new LinkCodec(true);
    }

    /** The edge's end (and a node that opens streams to another): it opens one stream per visitor. */
    static Http2FrameCodecBuilder forEdge() {
        return new LinkCodec(false);
    }
}

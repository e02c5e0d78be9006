// The HTTP/2 codec of a link, for either end: Netty's, with the link's settings and a byte distributor sized
// for relayed transfers.
package dev.portway.protocol.link;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.WeightedFairQueueByteDistributor;

public final class LinkCodec extends Http2FrameCodecBuilder {
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
    }

    /** The agent's end: it accepts the streams the edge opens. */
    public static Http2FrameCodecBuilder forAgent() {
        return new LinkCodec(true);
    }

    /** The edge's end (and a node that opens streams to another): it opens one stream per visitor. */
    public static Http2FrameCodecBuilder forEdge() {
        return new LinkCodec(false);
    }
}

// Turns a link whose hello was accepted into HTTP/2, the same way on all four kinds of link: the edge's link to an
// agent and the agent's end of it, and both ends of a link between two nodes. Only the role differs, and what each
// end does with the streams and the frames the codec passes on.
package dev.portway.protocol.link;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

public final class LinkPipeline {
    /** Names of the hello's handlers, which every link starts with and which leave once HTTP/2 is in place. */
    public static final String HELLO_CODEC = "hello-codec";
    public static final String HELLO = "hello";
    /** The HTTP/2 codec (an Http2ConnectionHandler). */
    public static final String CODEC = "h2";

    private final boolean opensStreams;
    private final String name;
    private Duration pingEvery;
    private Duration deadAfter = LinkSettings.DEAD_AFTER;
    private ChannelHandler streams;
    private final Map<String, ChannelHandler> behind = new LinkedHashMap<>();

    private LinkPipeline(boolean opensStreams, String name, Duration pingEvery) {
        this.opensStreams = opensStreams;
        this.name = name;
        this.pingEvery = pingEvery;
    }

    /**
     * The end that opens one stream per visitor (the HTTP/2 client): the edge on an agent's link, a node on its link
     * to the node that holds a tunnel. It keeps the link alive with PINGs.
     */
    public static LinkPipeline opensStreams(String name) {
        return new LinkPipeline(true, name, LinkSettings.HEARTBEAT_INTERVAL);
    }

    /** The end that answers the streams (the HTTP/2 server): the agent, a node that holds tunnels. It only watches. */
    public static LinkPipeline answersStreams(String name) {
        return new LinkPipeline(false, name, null);
    }

    /** How often the opening end pings an idle link. */
    public LinkPipeline pingEvery(Duration interval) {
        if (!opensStreams) {
            throw new IllegalStateException("the answering end only watches: the opening end pings");
        }
        this.pingEvery = Objects.requireNonNull(interval);
        return this;
    }

    /** A link that has read nothing for this long is closed. */
    public LinkPipeline deadAfter(Duration silence) {
        this.deadAfter = Objects.requireNonNull(silence);
        return this;
    }

    /** The handler of each stream the peer opens (the opening end's refuses them). */
    public LinkPipeline streams(ChannelHandler handler) {
        this.streams = Objects.requireNonNull(handler);
        return this;
    }

    /** A handler behind the streams, for the link's own frames (GOAWAY) and its errors; in the order given. */
    public LinkPipeline then(String handlerName, ChannelHandler handler) {
        behind.put(handlerName, handler);
        return this;
    }

    public void install(ChannelPipeline p) {
        if (streams == null) {
            throw new IllegalStateException("no handler for the peer's streams");
        }
        p.channel().config().setWriteBufferWaterMark(LinkSettings.writeBufferWaterMark());
        p.addLast("flush", LinkSettings.flushConsolidation())
                .addLast("frame-limit", new ControlFrameLimit(opensStreams))
                .addLast("one-buffer-data", new DataFrameJoiner(opensStreams))
                .addLast(CODEC, (opensStreams ? LinkCodec.forEdge() : LinkCodec.forAgent()).build())
                .addLast("idle", new IdleStateHandler(deadAfter.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("heartbeat", new Heartbeat(pingEvery, name))
                .addLast("mux", new Http2MultiplexHandler(streams));
        behind.forEach(p::addLast);
        // The hello first, then its decoder: the bytes the decoder still holds (the peer's first HTTP/2 frames) are
        // passed on as it leaves, and must find HTTP/2 in place.
        for (String hello : new String[]{HELLO, HELLO_CODEC}) {
            if (p.get(hello) != null) {
                p.remove(hello);
            }
        }
        // The receiving end opens the connection window wide at once, so many streams can be in flight.
        p.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(LinkSettings.CONNECTION_WINDOW));
    }
}

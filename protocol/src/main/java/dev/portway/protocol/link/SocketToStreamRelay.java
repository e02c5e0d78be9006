// Moves bytes from a TCP channel into a tunnel stream; reads again only when the stream took the last batch.
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongConsumer;

public class SocketToStreamRelay extends ChannelInboundHandlerAdapter {
    private final Channel stream;
    private final LongConsumer counter;
    private ChannelFuture lastWrite;
    private boolean ended;
    /** The write of our END_STREAM, complete once it (and every byte before it) has left. */
    private ChannelFuture endWrite;

    public SocketToStreamRelay(Channel stream, LongConsumer counter) {
        this.stream = stream;
        this.counter = counter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            counter.accept(buf.readableBytes());
            lastWrite = stream.write(buf);
        } else {
            lastWrite = forward(msg);
        }
    }

    /** Hook for subclasses that pass decoded messages; the default drops them. */
    protected ChannelFuture forward(Object msg) {
        ReferenceCountUtil.release(msg);
        return lastWrite;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        stream.flush();
        Channels.readAfter(ctx.channel(), lastWrite);
        lastWrite = null;
    }

    /** A half-closed socket (FIN, with half-closure allowed) ends our half of the stream; replies still flow. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            endStream();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * The socket is gone. Closed before it finished sending, it was reset (or broke): the stream is reset, not ended.
     * Gone after its FIN but while the far end still had something to say, nobody is left to hear it: reset too.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ended && endWrite != null && !endWrite.isDone()) {
            // Our last bytes and the end still wait for the far end's flow-control window: a reset now would drop
            // them. Decide once they are out.
            endWrite.addListener(f -> resetUnlessFarEndDone());
        } else {
            resetUnlessFarEndDone();
        }
    }

    private void resetUnlessFarEndDone() {
        StreamToSocketRelay back = stream.pipeline().get(StreamToSocketRelay.class);
        boolean farEndDone = back != null && back.ended();
        if (stream.isActive() && !(ended && farEndDone)) {
            stream.close();
        }
    }

    /** Ends the stream as if the socket had sent FIN, and closes the socket: used for idle kept-alive ones. */
    public void finish(Channel socket) {
        endStream();
        socket.close();
    }

    private void endStream() {
        if (!ended && stream.isActive()) {
            ended = true;
            endWrite = stream.writeAndFlush(new DefaultHttp2DataFrame(true));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

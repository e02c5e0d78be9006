// Small channel helpers used by both relays.
package dev.portway.protocol.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;

public final class Channels {
    private Channels() {
    }

    /** Closes the channel once everything already written to it has been flushed. */
    public static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (ch.isOpen()) {
            ch.close();
        }
    }

    /**
     * The peer finished sending: on a channel that allows half-closure (raw TCP relays) only our output is shut, so
     * the other direction keeps flowing; otherwise the channel closes once written out.
     */
    public static void endOutput(Channel ch) {
        if (ch instanceof DuplexChannel d && Boolean.TRUE.equals(ch.config()
                .getOption(ChannelOption.ALLOW_HALF_CLOSURE))
                && ch.isActive() && !d.isInputShutdown()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (f.isSuccess()) {
                    d.shutdownOutput();
                } else {
                    ch.close();
                }
            });
        } else {
            closeOnFlush(ch);
        }
    }

    /** Ends a connection with a reset (RST), as the far end did: a cut-off transfer must not look complete. */
    public static void abort(Channel ch) {
        if (ch.isOpen()) {
            if (ch.isActive()) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            ch.close();
        }
    }

    /** Back-pressure: the next read waits until the stream (and its flow-control window) accepted this batch. */
    public static void readAfter(Channel source, ChannelFuture write) {
        if (write == null) {
            source.read();
        } else {
            write.addListener(f -> {
                if (f.isSuccess()) {
                    source.read();
                } else {
                    source.close();
                }
            });
        }
    }
}

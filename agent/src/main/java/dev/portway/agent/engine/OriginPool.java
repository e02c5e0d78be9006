// Idle keep-alive connections to a tunnel's local HTTP service, kept for the next visitor stream: a new connection
// per visitor costs the origin an accept and the request a round trip. Bounded per target, and closed after an idle
// time shorter than common origins' own keep-alive timeouts (5 s and up), so that the origin rarely closes first.
package dev.portway.agent.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

final class OriginPool {
    /**
     * As many as visitor connections that come and go at once: with fewer, every visitor beyond them dials the
     * origin anew (measured with wrk -c64 and Connection: close: 16 kept, 0.6 new origin connections a request; 64
     * kept, under 0.07). The need follows the visitors, not the origin, hence a constant and no flag; an idle
     * connection costs the origin no more than a keep-alive browser's, and closes after the idle timeout.
     */
    static final int DEFAULT_MAX_IDLE = 64;
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(4);

    private final int maxIdle;
    private final long idleMillis;
    private final Map<LocalTarget, Deque<Channel>> idle = new HashMap<>();
    /** The agent or its server is stopping: nothing is kept until a new link is up. */
    private boolean stopping;

    /** idleTimeout zero (or maxIdle zero): no pooling, a connection per visitor stream as before. */
    OriginPool(int maxIdle, Duration idleTimeout) {
        this.maxIdle = maxIdle;
        this.idleMillis = idleTimeout.toMillis();
    }

    boolean enabled() {
        return maxIdle > 0 && idleMillis > 0;
    }

    /** The newest idle connection to the target that runs on this loop (a stream and its origin share one), or null. */
    synchronized Channel take(LocalTarget target, EventLoop loop) {
        Deque<Channel> q = idle.get(target);
        if (q == null) {
            return null;
        }
        for (Iterator<Channel> it = q.descendingIterator(); it.hasNext(); ) {
            Channel ch = it.next();
            if (ch.eventLoop() == loop && open(ch)) {
                it.remove();
                ch.pipeline().remove(Idle.class);
                return ch;
            }
        }
        return null;
    }

    /** Keeps the connection for the next stream; false when the pool is off or full (the caller closes it). */
    boolean offer(LocalTarget target, Channel ch) {
        synchronized (this) {
            Deque<Channel> q = idle.computeIfAbsent(target, t -> new ArrayDeque<>());
            if (!enabled() || stopping || q.size() >= maxIdle || !open(ch)) {
                return false;
            }
            q.addLast(ch);
            ch.pipeline().addLast("idle", new Idle(target));
        }
        // Reading while idle is how the origin's close (or anything it should not send) is seen at once.
        ch.read();
        return true;
    }

    /**
     * Whether the connection is open both ways. With half-closure allowed, one the origin already closed (its FIN
     * read while a stream still held it) stays active, yet reads nothing more: kept, the next request on it would
     * wait for an answer, or a close, that never comes.
     */
    static boolean open(Channel ch) {
        return ch.isActive() && !(ch instanceof DuplexChannel d && (d.isInputShutdown() || d.isOutputShutdown()));
    }

    /** A new link is up: connections are kept again. */
    synchronized void keepAgain() {
        stopping = false;
    }

    synchronized int idleCount(LocalTarget target) {
        Deque<Channel> q = idle.get(target);
        return q == null ? 0 : q.size();
    }

    private synchronized boolean remove(LocalTarget target, Channel ch) {
        Deque<Channel> q = idle.get(target);
        return q != null && q.remove(ch);
    }

    /** Closes every idle connection and keeps none from now on (the agent or the server is stopping). */
    void closeAll() {
        Deque<Channel> all = new ArrayDeque<>();
        synchronized (this) {
            stopping = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(Channel::close);
    }

    /** Ends an idle connection when its time is up or when the origin closes it or sends anything unasked. */
    private final class Idle extends ChannelInboundHandlerAdapter {
        private final LocalTarget target;
        private ScheduledFuture<?> timeout;

        Idle(LocalTarget target) {
            this.target = target;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            timeout = ctx.executor().schedule(() -> end(ctx), idleMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            timeout.cancel(false);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            end(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                end(ctx);
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            remove(target, ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(ctx);
        }

        private void end(ChannelHandlerContext ctx) {
            remove(target, ctx.channel());
            ctx.close();
        }
    }
}

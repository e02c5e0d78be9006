// Watches the bytes of an HTTP connection to the local service (without changing them) and reports each exchange:
// pending when its request head has passed, then done or failed, with heads and the first part of each body.
// How the bytes are read is an ExchangeReader: decoding with capture on (the inspector), scanning with capture off
// (the command line's log), chosen again as each request starts on an idle connection, so that a kept-alive
// connection is captured from the first request after someone looks; this class keeps the exchanges in flight.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

// Sharable only so that it can move: it is in one pipeline at a time, but a request sent again on a new connection
// takes its tap along (Netty refuses to add an unsharable handler a second time).
@ChannelHandler.Sharable
final class HttpExchangeTap extends ChannelDuplexHandler implements ExchangeReader.Events {
    private final Consumer<Exchange> sink;
    private final Consumer<Exchange> ended;
    /** The bytes to keep of each body, 0 with capture off: asked again at each request that starts on an idle tap. */
    private final IntSupplier bodyLimit;
    /** What reader reads with (its body limit, 0 for the scanning one). */
    private int limit;
    private ExchangeReader reader;
    private final Queue<ExchangeBuilder> inFlight = new ArrayDeque<>();
    /** The request whose body is passing now (the newest one sent). */
    private ExchangeBuilder sending;
    private boolean active = true;
    /** After a 101: the connection speaks another protocol, whose bytes are only counted. */
    private ExchangeBuilder upgraded;
    /** Runs once no exchange is in flight (the agent is stopping and ends kept-alive connections then). */
    private Runnable whenIdle;
    private Executor loop = Runnable::run;
    private ChannelHandlerContext ctx;
    /** Leaving one connection for another: its exchanges go on there. */
    private boolean moving;

    // sink hears every snapshot (pending, ended, an upgraded connection's final bytes), ended each exchange once,
    // when it is done or failed; with capture off heads and bodies are not kept (method, path, status, sizes are).
    /** bodyLimit: the bytes kept of each body (Body.LIMIT by default); 0 is capture off. */
    HttpExchangeTap(Consumer<Exchange> sink, Consumer<Exchange> ended, int bodyLimit) {
        this(sink, ended, () -> bodyLimit);
    }

    /** bodyLimit: read now and again as each request starts with no exchange in flight (capture can change). */
    HttpExchangeTap(Consumer<Exchange> sink, Consumer<Exchange> ended, IntSupplier bodyLimit) {
        this.sink = sink;
        this.ended = ended;
        this.bodyLimit = bodyLimit;
        this.limit = bodyLimit.getAsInt();
        this.reader = reader(limit);
    }

    private ExchangeReader reader(int bodyLimit) {
        return bodyLimit > 0 ? new DecodingReader(this, bodyLimit) : new ScanningReader(this);
    }

    /**
     * A request starts on an idle connection (nothing in flight, both directions between messages): the one point
     * where the reader can change, since neither holds any part of a message. One supplier read per request at most.
     */
    private void chooseReader() {
        int wanted = bodyLimit.getAsInt();
        if (wanted != limit) {
            reader.stop();
            limit = wanted;
            reader = reader(wanted);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            if (active) {
                if (inFlight.isEmpty() && buf.isReadable() && reader.atBoundary()) {
                    chooseReader();
                }
                reader.request(buf);
            } else if (upgraded != null) {
                upgraded.upgradedIn(buf.readableBytes());
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (active) {
                reader.response(buf);
            } else if (upgraded != null) {
                upgraded.upgradedOut(buf.readableBytes());
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void requestHead(ExchangeBuilder exchange) {
        sending = exchange;
        inFlight.add(exchange);
        sink.accept(exchange.build(Exchange.State.PENDING, null));
    }

    @Override
    public ExchangeBuilder sending() {
        return sending;
    }

    @Override
    public ExchangeBuilder answering() {
        return inFlight.peek();
    }

    @Override
    public boolean upgradedBy(int status) {
        if (status != 101) {
            return false;
        }
        ExchangeBuilder head = inFlight.peek();
        finish(Exchange.State.DONE, null);
        upgraded = head;
        stop(null); // the connection now speaks another protocol
        return true;
    }

    @Override
    public void responseEnded() {
        ExchangeBuilder head = inFlight.peek();
        if (head != null && head.status() >= 200) {
            finish(Exchange.State.DONE, null); // 1xx responses other than 101 are interim: the final one follows
        }
    }

    @Override
    public void unreadable(String reason) {
        stop(reason);
    }

    @Override
    public boolean active() {
        return active;
    }

    private void finish(Exchange.State state, String failure) {
        ExchangeBuilder b = inFlight.poll();
        if (b == sending) {
            sending = null;
        }
        if (b != null) {
            Exchange e = b.build(state, failure);
            sink.accept(e);
            ended.accept(e);
        }
        if (whenIdle != null && inFlight.isEmpty() && active) {
            Runnable idle = whenIdle;
            whenIdle = null;
            // The response's last bytes are still on their way through this read: act once it is done.
            loop.execute(idle);
        }
    }

    /**
     * Runs the action as soon as no request is waiting for its response: now, or when the last response ends.
     * A connection that turned into another protocol (101) is never idle: it runs until it ends by itself.
     */
    void whenIdle(Runnable action) {
        if (!active) {
            return;
        }
        if (inFlight.isEmpty()) {
            action.run();
        } else {
            whenIdle = action;
        }
    }

    /** No more reading; exchanges still waiting end as failed, with the reason (none after an upgrade). */
    private void stop(String reason) {
        if (active) {
            active = false;
            reader.stop();
            while (!inFlight.isEmpty()) {
                finish(Exchange.State.FAILED, reason);
            }
        }
    }

    /**
     * Leaves its connection without ending the exchanges in flight: a request the origin closed its reused
     * connection under is sent again on a new one, and this tap goes in there after it.
     */
    void detach() {
        moving = true;
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        loop = ctx.executor();
        moving = false;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!moving) {
            stop("the connection to the local service was closed");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (active) {
            reader.closed();
            stop(inFlight.stream().anyMatch(b -> b.status() > 0)
                    ? "the response was cut off: the connection closed before its end"
                    : "the connection closed before a response came");
        }
        if (upgraded != null) {
            sink.accept(upgraded.build(Exchange.State.DONE, null));
            upgraded = null;
        }
        ctx.fireChannelInactive();
    }
}

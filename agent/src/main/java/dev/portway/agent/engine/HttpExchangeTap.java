// Watches the bytes of an HTTP connection to the local service (without changing them) to log each exchange.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

final class HttpExchangeTap extends ChannelDuplexHandler {
    private record Pending(String method, String path, Instant start, long nanos) {
    }

    private final Consumer<RequestLog> sink;
    private final Queue<Pending> inFlight = new ArrayDeque<>();
    private final EmbeddedChannel requests = new EmbeddedChannel(new HttpRequestDecoder(8192, 32 * 1024, 65536));
    private final EmbeddedChannel responses = new EmbeddedChannel(new HttpResponseDecoder(8192, 32 * 1024, 65536) {
        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            Pending head = inFlight.peek();
            return (head != null && HttpMethod.HEAD.name().equals(head.method())) || super.isContentAlwaysEmpty(msg);
        }
    });
    private boolean active = true;
    /** Runs once no exchange is in flight (the agent is stopping and ends kept-alive connections then). */
    private Runnable whenIdle;
    private java.util.concurrent.Executor loop = Runnable::run;
    private int status;
    private long size;

    HttpExchangeTap(Consumer<RequestLog> sink) {
        this.sink = sink;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (active && msg instanceof ByteBuf buf) {
            observe(requests, buf, this::onRequestPart);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (active && msg instanceof ByteBuf buf) {
            observe(responses, buf, this::onResponsePart);
        }
        ctx.fireChannelRead(msg);
    }

    private void observe(EmbeddedChannel decoder, ByteBuf buf, Consumer<Object> onPart) {
        try {
            decoder.writeInbound(buf.retainedDuplicate());
            Object part;
            while ((part = decoder.readInbound()) != null) {
                try {
                    if (active) {
                        onPart.accept(part);
                    }
                } finally {
                    ReferenceCountUtil.release(part);
                }
            }
        } catch (RuntimeException e) {
            stop();
        }
    }

    private void onRequestPart(Object part) {
        if (part instanceof HttpRequest req) {
            if (req.decoderResult().isFailure()) {
                stop();
                return;
            }
            inFlight.add(new Pending(req.method().name(), req.uri(), Instant.now(), System.nanoTime()));
        }
    }

    private void onResponsePart(Object part) {
        if (part instanceof HttpResponse res) {
            if (res.decoderResult().isFailure()) {
                stop();
                return;
            }
            status = res.status().code();
            size = 0;
            if (status == 101) {
                finish();
                stop(); // the connection now speaks another protocol
                return;
            }
        }
        if (part instanceof HttpContent content) {
            size += content.content().readableBytes();
        }
        if (part instanceof LastHttpContent && status >= 200) {
            finish(); // 1xx responses other than 101 are interim: the final one follows
        }
    }

    private void finish() {
        Pending p = inFlight.poll();
        if (p != null) {
            sink.accept(new RequestLog(p.start(), p.method(), p.path(), status,
                    (System.nanoTime() - p.nanos()) / 1_000_000, size));
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

    private void stop() {
        if (active) {
            active = false;
            requests.finishAndReleaseAll();
            responses.finishAndReleaseAll();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        loop = ctx.executor();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }
}

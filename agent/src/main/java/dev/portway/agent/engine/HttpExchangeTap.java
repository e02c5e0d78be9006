// Watches the bytes of an HTTP connection to the local service (without changing them) and reports each exchange:
// pending when its request head has passed, then done or failed, with heads and the first part of each body.
// With capture on (the inspector) the bytes go through Netty's HTTP decoders, which give it heads and bodies; with
// capture off (the command line's log) two Http1Scanners follow the framing in place, with no copy: the log line
// needs only the start lines and the sizes, and decoding every exchange cost a quarter of the agent's loop.
package dev.portway.agent.engine;

import dev.portway.protocol.http.Http1Scanner;
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
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

final class HttpExchangeTap extends ChannelDuplexHandler {
    private final Consumer<Exchange> sink;
    private final Consumer<Exchange> ended;
    private final boolean capture;
    private final Queue<ExchangeBuilder> inFlight = new ArrayDeque<>();
    /** The request whose body is passing now (the newest one sent). */
    private ExchangeBuilder sending;
    /** Capture on: the decoders. Capture off: the scanners. */
    private final EmbeddedChannel requests;
    private final EmbeddedChannel responses;
    private final Http1Scanner requestScanner;
    private final Http1Scanner responseScanner;
    private boolean active = true;
    /** After a 101: the connection speaks another protocol, whose bytes are only counted. */
    private ExchangeBuilder upgraded;
    /** Runs once no exchange is in flight (the agent is stopping and ends kept-alive connections then). */
    private Runnable whenIdle;
    private java.util.concurrent.Executor loop = Runnable::run;

    /**
     * sink hears every snapshot (pending, ended, an upgraded connection's final bytes), ended each exchange once,
     * when it is done or failed. capture false: heads and bodies are not kept (method, path, status, sizes are).
     */
    HttpExchangeTap(Consumer<Exchange> sink, Consumer<Exchange> ended, boolean capture) {
        this.sink = sink;
        this.ended = ended;
        this.capture = capture;
        if (capture) {
            requests = new EmbeddedChannel(new HttpRequestDecoder(8192, 32 * 1024, 65536));
            responses = new EmbeddedChannel(new HttpResponseDecoder(8192, 32 * 1024, 65536) {
                @Override
                protected boolean isContentAlwaysEmpty(HttpMessage msg) {
                    return headRequested() || super.isContentAlwaysEmpty(msg);
                }
            });
            requestScanner = null;
            responseScanner = null;
        } else {
            requests = null;
            responses = null;
            requestScanner = Http1Scanner.requests(new RequestHeads());
            responseScanner = Http1Scanner.responses(new ResponseHeads());
        }
    }

    private boolean headRequested() {
        ExchangeBuilder head = inFlight.peek();
        return head != null && HttpMethod.HEAD.name().equals(head.method());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            if (active && !capture) {
                requestScanner.scan(buf);
            } else if (active) {
                observe(requests, buf, this::onRequestPart);
            } else if (upgraded != null) {
                upgraded.upgradedIn(buf.readableBytes());
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (active && !capture) {
                responseScanner.scan(buf);
            } else if (active) {
                observe(responses, buf, this::onResponsePart);
            } else if (upgraded != null) {
                upgraded.upgradedOut(buf.readableBytes());
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void observe(EmbeddedChannel decoder, ByteBuf buf, Consumer<Object> onPart) {
        try {
            decoder.writeInbound(buf.retainedDuplicate());
            drain(decoder, onPart);
        } catch (RuntimeException e) {
            stop("the inspector could not follow this connection: " + e.getMessage());
        }
    }

    private void drain(EmbeddedChannel decoder, Consumer<Object> onPart) {
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
    }

    private void onRequestPart(Object part) {
        if (part instanceof HttpRequest req) {
            if (req.decoderResult().isFailure()) {
                stop("not a request the inspector can read");
                return;
            }
            requestHead(new ExchangeBuilder(req, capture));
        }
        if (part instanceof HttpContent content && sending != null) {
            sending.requestContent(content.content());
        }
    }

    private void onResponsePart(Object part) {
        ExchangeBuilder head = inFlight.peek();
        if (part instanceof HttpResponse res) {
            if (res.decoderResult().isFailure()) {
                stop("not a response the inspector can read");
                return;
            }
            if (head != null) {
                head.response(res);
            }
            if (upgradedBy(res.status().code(), head)) {
                return;
            }
        }
        if (part instanceof HttpContent content && head != null) {
            head.responseContent(content.content());
        }
        if (part instanceof LastHttpContent && head != null && head.status() >= 200) {
            finish(Exchange.State.DONE, null); // 1xx responses other than 101 are interim: the final one follows
        }
    }

    private void requestHead(ExchangeBuilder b) {
        sending = b;
        inFlight.add(sending);
        sink.accept(sending.build(Exchange.State.PENDING, null));
    }

    /** A response head came: true, the exchange done and the tap stopped, when a 101 turned the connection raw. */
    private boolean upgradedBy(int status, ExchangeBuilder head) {
        if (status != 101) {
            return false;
        }
        finish(Exchange.State.DONE, null);
        upgraded = head;
        stop(null); // the connection now speaks another protocol
        return true;
    }

    private final class RequestHeads implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner head) {
            requestHead(new ExchangeBuilder(head.method(), head.target(), head.version()));
            return Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void content(int bytes) {
            if (sending != null) {
                sending.requestBytes(bytes);
            }
        }

        @Override
        public void garbage() {
            stop("not a request the inspector can read");
        }
    }

    private final class ResponseHeads implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner scanned) {
            ExchangeBuilder head = inFlight.peek();
            int status = scanned.status();
            if (head != null) {
                head.response(status, scanned.reason());
            }
            if (upgradedBy(status, head)) {
                return Http1Scanner.Body.STOP;
            }
            return headRequested() ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void content(int bytes) {
            ExchangeBuilder head = inFlight.peek();
            if (head != null) {
                head.responseBytes(bytes);
            }
        }

        @Override
        public void end() {
            ExchangeBuilder head = inFlight.peek();
            if (head != null && head.status() >= 200) {
                finish(Exchange.State.DONE, null); // 1xx responses other than 101 are interim: the final one follows
            }
        }

        @Override
        public void garbage() {
            stop("not a response the inspector can read");
        }
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

    /** No more decoding; exchanges still waiting end as failed, with the reason (none after an upgrade). */
    private void stop(String reason) {
        if (active) {
            active = false;
            if (capture) {
                requests.finishAndReleaseAll();
                responses.finishAndReleaseAll();
            } else {
                requestScanner.stop();
                responseScanner.stop();
            }
            while (!inFlight.isEmpty()) {
                finish(Exchange.State.FAILED, reason);
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        loop = ctx.executor();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop("the connection to the local service was closed");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (active) {
            // A response without length ends with the connection: the decoder completes it on close.
            if (capture) {
                responses.finish();
                drain(responses, this::onResponsePart);
            } else {
                responseScanner.closed();
            }
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

// Gives every request on a connection to the local service the Host header its target asks for (dev servers such
// as Vite, webpack, Rails and Django refuse a Host they do not know) and, on a pooled connection, leaves the
// visitor's "close" out of its Connection header. Http1Scanner follows the requests' framing; a buffer with no head
// to change goes on as it is (the pooled hot path: no copy, no slice). A head that changes is written anew, once,
// and the bytes around it pass as slices; a head split across buffers is kept (not copied) until its end, capped as
// the edge caps heads. Responses are followed only to see an upgrade answered: after a 101 the connection speaks
// another protocol (WebSocket, HMR) and the handler steps out of the pipeline.
package dev.portway.agent.engine;

import dev.portway.protocol.http.Http1Scanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.concurrent.PromiseCombiner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

final class HostHeaderRewriter extends ChannelDuplexHandler {
    /** The edge's caps (8 KiB request line, 32 KiB of headers) and room for the forwarding headers it adds. */
    static final int MAX_LINE = Http1Scanner.MAX_START_LINE;
    static final int MAX_HEAD = MAX_LINE + 32 * 1024 + 4096;

    /** What a request in flight means for its response. */
    private enum Asked { PLAIN, HEAD, UPGRADE, CONNECT }

    private record Held(ByteBuf buf, ChannelPromise promise) {
    }

    private final byte[] host;
    private final boolean dropClose;
    private final Http1Scanner requests = Http1Scanner.requests(new Requests());
    private final Http1Scanner responses = Http1Scanner.responses(new Responses());
    private final Queue<Asked> inFlight = new ArrayDeque<>();
    /** Between the end of a message and the end of the next head: the bytes scanned are a head. */
    private boolean inHead = true;
    private int headBytes;
    /** The first parts of a head that came in earlier buffers, kept until its end says whether it changes. */
    private final List<ByteBuf> headParts = new ArrayList<>();
    /** Set by the request scanner during one step: a head ended (and whether it changes), a message ended. */
    private boolean headEnded;
    private boolean changes;
    private boolean messageEnded;
    private boolean garbage;
    /** What the request being written asks of its answer. */
    private Asked asked;
    /** The writes of the buffer being passed, when it goes in parts. */
    private PromiseCombiner written;
    /**
     * Writes that came after an upgrade request, held until its answer says whether they are still HTTP (a client
     * waits for that answer anyway; the held write's promise holds the relay's next read back meanwhile).
     */
    private boolean holding;
    private List<Held> held = new ArrayList<>();
    /** The status of the response head seen last: 1xx ones are interim, the final answer follows. */
    private int lastStatus;
    /** Set while a read is scanned, acted on once it is: the origin switched protocols, or refused to. */
    private boolean upgraded;
    private boolean refused;

    HostHeaderRewriter(String host) {
        this(host, false);
    }

    HostHeaderRewriter(String host, boolean dropClose) {
        this.host = host == null ? null : host.getBytes(StandardCharsets.US_ASCII);
        this.dropClose = dropClose;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
        } else if (holding) {
            held.add(new Held(buf, promise));
        } else {
            written = null;
            try {
                if (pass(ctx, buf)) {
                    ctx.write(buf, promise);
                    return;
                }
            } catch (RequestHead.Malformed | TooLongHttpHeaderException e) {
                // Nothing the edge lets through comes here; whatever does cannot be followed (or given its Host).
                add(ctx, ctx.newFailedFuture(e));
                ctx.close();
            }
            buf.release();
            if (written == null) {
                promise.setSuccess(); // all of it is kept: the start of a head
            } else {
                written.finish(promise);
                written = null;
            }
        }
    }

    /**
     * Follows the buffer's requests: true when it can go on untouched; otherwise its parts were written (heads
     * rewritten, the rest as slices) or kept (a head's start, what follows an upgrade request).
     */
    private boolean pass(ChannelHandlerContext ctx, ByteBuf buf) {
        int from = buf.readerIndex();
        int end = buf.writerIndex();
        int done = from; // what is before it is written or kept
        int head = from; // where the head being read starts (earlier, if headParts holds its start)
        int at = from;
        while (at < end) {
            headEnded = false;
            messageEnded = false;
            int next = requests.scanPart(buf, at, end);
            if (garbage || next == at) {
                throw new RequestHead.Malformed("not an HTTP/1.x request");
            }
            if (inHead && (headBytes += next - at) > MAX_HEAD) {
                throw new TooLongHttpHeaderException("a request head over " + MAX_HEAD + " bytes");
            }
            at = next;
            if (headEnded) {
                inHead = false;
                headBytes = 0;
                if (changes) {
                    slice(ctx, buf, done, head);
                    add(ctx, ctx.write(rewritten(ctx, buf, head, at)));
                    done = at;
                } else {
                    writeHeadParts(ctx);
                }
            }
            if (messageEnded) {
                inHead = true;
                head = at;
                if (asked == Asked.UPGRADE || asked == Asked.CONNECT) {
                    holding = true;
                    slice(ctx, buf, done, at);
                    if (at < end) {
                        ChannelPromise rest = ctx.newPromise();
                        held.add(new Held(buf.retainedSlice(at, end - at), rest));
                        add(ctx, rest);
                    }
                    return false;
                }
            }
        }
        if (inHead && head < end) {
            slice(ctx, buf, done, head);
            headParts.add(buf.retainedSlice(head, end - head));
            return false;
        }
        if (done > from) {
            slice(ctx, buf, done, end);
        } else if (written != null) {
            add(ctx, ctx.write(buf.retain())); // after a head's kept start: the buffer itself still goes whole
        } else {
            return true;
        }
        return false;
    }

    /** The head in [head, at), after its parts from earlier buffers, written anew. */
    private ByteBuf rewritten(ChannelHandlerContext ctx, ByteBuf buf, int head, int at) {
        if (headParts.isEmpty()) {
            return RequestHead.rewrite(buf, head, at, host, dropClose, ctx.alloc());
        }
        ByteBuf whole = ctx.alloc().buffer(MAX_HEAD);
        try {
            for (ByteBuf part : headParts) {
                whole.writeBytes(part);
            }
            whole.writeBytes(buf, head, at - head);
            return RequestHead.rewrite(whole, whole.readerIndex(), whole.writerIndex(), host, dropClose, ctx.alloc());
        } finally {
            whole.release();
            releaseHeadParts();
        }
    }

    private void writeHeadParts(ChannelHandlerContext ctx) {
        for (ByteBuf part : headParts) {
            add(ctx, ctx.write(part));
        }
        headParts.clear();
    }

    private void releaseHeadParts() {
        headParts.forEach(ByteBuf::release);
        headParts.clear();
    }

    private void slice(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
        if (to > from) {
            add(ctx, ctx.write(buf.retainedSlice(from, to - from)));
        }
    }

    private void add(ChannelHandlerContext ctx, ChannelFuture f) {
        if (written == null) {
            written = new PromiseCombiner(ctx.executor());
        }
        written.add(f);
    }

    private final class Requests implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner scanned) {
            headEnded = true;
            changes = host != null || dropClose && scanned.connectionClose();
            String method = scanned.method();
            asked = "CONNECT".equals(method) ? Asked.CONNECT : scanned.upgradeAsked() ? Asked.UPGRADE
                    : "HEAD".equals(method) ? Asked.HEAD : Asked.PLAIN;
            inFlight.add(asked);
            return Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void end() {
            messageEnded = true;
        }

        @Override
        public void garbage() {
            garbage = true;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            responses.scan(buf);
        }
        if (upgraded) {
            // The 101 and what follows it are the new protocol's: the held bytes are too, untouched.
            for (Held h : held) {
                ctx.write(h.buf(), h.promise());
            }
            held.clear();
            ctx.flush();
            ctx.pipeline().remove(this);
        } else if (refused) {
            refused = false;
            resume(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether nothing of a request is kept back (no head's first parts, no writes held): fit for another visitor. */
    boolean idle() {
        return headParts.isEmpty() && !holding && held.isEmpty();
    }

    /** The upgrade was refused (any answer but 101): what was held is HTTP after all. */
    private void resume(ChannelHandlerContext ctx) {
        holding = false;
        List<Held> waiting = held;
        held = new ArrayList<>();
        for (Held h : waiting) {
            write(ctx, h.buf(), h.promise());
        }
        ctx.flush();
    }

    private final class Responses implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner scanned) {
            Asked first = inFlight.peek();
            lastStatus = scanned.status();
            if (lastStatus == 101 || first == Asked.CONNECT && lastStatus / 100 == 2) {
                upgraded = true;
                return Http1Scanner.Body.STOP;
            }
            return first == Asked.HEAD ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void end() {
            if (lastStatus < 200) {
                return; // an interim answer (100 Continue): the final one follows
            }
            Asked answered = inFlight.poll();
            if ((answered == Asked.UPGRADE || answered == Asked.CONNECT) && holding) {
                refused = true;
            }
        }

        @Override
        public void garbage() {
            // Not HTTP from the origin: nothing more can be followed, so nothing more is rewritten.
            upgraded = true;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeadParts();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Held h : held) {
            h.buf().release();
            h.promise().tryFailure(new java.nio.channels.ClosedChannelException());
        }
        held.clear();
        releaseHeadParts();
        ctx.fireChannelInactive();
    }
}

// Gives every request on a connection to the local service the Host header its target asks for (dev servers such
// as Vite, webpack, Rails and Django refuse a Host they do not know). Only request heads are held, one at a time
// and capped as the edge caps them; bodies (Content-Length or chunked) pass through as slices of the bytes they came
// in, never copied. Responses are followed (Http1Scanner) only to see an upgrade answered: after a 101 the
// connection speaks another protocol (WebSocket, HMR) and the handler steps out of the pipeline. On a pooled
// connection it also leaves out the visitor's "Connection: close" (host null there: Host as it came).
package dev.portway.agent.engine;

import dev.portway.protocol.http.Http1Scanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.PromiseCombiner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

final class HostHeaderRewriter extends ChannelDuplexHandler {
    /** The edge's caps (8 KiB request line, 32 KiB of headers) and room for the forwarding headers it adds. */
    static final int MAX_LINE = 8192;
    static final int MAX_HEAD = MAX_LINE + 32 * 1024 + 4096;

    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, HOLD }

    /** What a request in flight means for its response. */
    private enum Asked { PLAIN, HEAD, UPGRADE, CONNECT }

    private record Held(ByteBuf buf, ChannelPromise promise) {
    }

    private final byte[] host;
    private final boolean dropClose;
    private final Http1Scanner responses = Http1Scanner.responses(new Responses());
    private final Queue<Asked> inFlight = new ArrayDeque<>();
    private final HeadEnd headEnd = new HeadEnd();
    private final LineEnd lineEnd = new LineEnd();
    private State state = State.HEAD;
    /** The head being read, across as many buffers as it came in; null between heads. */
    private ByteBuf head;
    /** Body bytes (or chunk data) still to pass in the current message. */
    private long remaining;
    /** What the request being written asks of its answer. */
    private Asked asked;
    /**
     * Writes that came after an upgrade request, held until its answer says whether they are still HTTP (a client
     * waits for that answer anyway; the held write's promise holds the relay's next read back meanwhile).
     */
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
        } else if (state == State.HOLD) {
            held.add(new Held(buf, promise));
        } else {
            PromiseCombiner written = new PromiseCombiner(ctx.executor());
            try {
                pass(ctx, buf, written);
            } catch (RequestHead.Malformed | TooLongHttpHeaderException e) {
                // Nothing the edge lets through comes here; whatever does cannot be given its Host safely.
                written.add(ctx.newFailedFuture(e));
                ctx.close();
            } finally {
                buf.release();
            }
            written.finish(promise);
        }
    }

    /** Writes the buffer on: heads rewritten, the rest as slices; a part after an upgrade request is held. */
    private void pass(ChannelHandlerContext ctx, ByteBuf buf, PromiseCombiner written) {
        int at = buf.readerIndex();
        int end = buf.writerIndex();
        while (at < end) {
            switch (state) {
                case HEAD -> at = head(ctx, buf, at, end, written);
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - at);
                    written.add(ctx.write(buf.retainedSlice(at, n)));
                    at += n;
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == State.BODY) {
                            messageEnded();
                        } else {
                            state = State.CHUNK_END;
                        }
                    }
                }
                case CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    int lf = buf.forEachByte(at, end - at, lineEnd);
                    int next = lf < 0 ? end : lf + 1;
                    written.add(ctx.write(buf.retainedSlice(at, next - at)));
                    at = next;
                    if (lf >= 0) {
                        chunkLineEnded();
                    }
                }
                case HOLD -> {
                    ChannelPromise rest = ctx.newPromise();
                    held.add(new Held(buf.retainedSlice(at, end - at), rest));
                    written.add(rest);
                    at = end;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** Gathers the head; once it is whole, writes it rewritten and sets up its body. Returns where it stopped. */
    private int head(ChannelHandlerContext ctx, ByteBuf buf, int at, int end, PromiseCombiner written) {
        int stop = buf.forEachByte(at, end - at, headEnd);
        int next = stop < 0 ? end : stop + 1;
        if (head == null) {
            head = ctx.alloc().buffer(Math.min(next - at, MAX_HEAD) + 64);
        }
        head.writeBytes(buf, at, next - at);
        if (stop >= 0) {
            RequestHead h;
            try {
                h = RequestHead.rewrite(head, head.readerIndex(), head.writerIndex(), host, dropClose, ctx.alloc());
            } finally {
                head.release();
                head = null;
                headEnd.reset();
            }
            written.add(ctx.write(h.rewritten()));
            started(h);
        }
        return next;
    }

    private void started(RequestHead h) {
        asked = h.connect() ? Asked.CONNECT : h.upgrade() ? Asked.UPGRADE : h.head() ? Asked.HEAD : Asked.PLAIN;
        inFlight.add(asked);
        if (h.chunked()) {
            state = State.CHUNK_SIZE;
            lineEnd.reset();
        } else if (h.contentLength() > 0) {
            state = State.BODY;
            remaining = h.contentLength();
        } else {
            messageEnded();
        }
    }

    private void chunkLineEnded() {
        switch (state) {
            case CHUNK_SIZE -> {
                if (lineEnd.size == 0) {
                    state = State.TRAILERS;
                } else {
                    state = State.CHUNK_DATA;
                    remaining = lineEnd.size;
                }
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (lineEnd.empty) {
                    messageEnded();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
        lineEnd.reset();
    }

    /** A request was written whole: the next bytes are a head, or wait for the answer to an upgrade. */
    private void messageEnded() {
        state = asked == Asked.UPGRADE || asked == Asked.CONNECT ? State.HOLD : State.HEAD;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            responses.scan(buf);
        }
        if (upgraded) {
            // The 101 and what follows it are the new protocol's: the held bytes are too, untouched.
            if (head != null) {
                ctx.write(head);
                head = null;
            }
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

    /** The upgrade was refused (any answer but 101): what was held is HTTP after all. */
    private void resume(ChannelHandlerContext ctx) {
        state = State.HEAD;
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
            if ((answered == Asked.UPGRADE || answered == Asked.CONNECT) && state == State.HOLD) {
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
        if (head != null) {
            head.release();
            head = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Held h : held) {
            h.buf().release();
            h.promise().tryFailure(new java.nio.channels.ClosedChannelException());
        }
        held.clear();
        ctx.fireChannelInactive();
    }

    /** Finds the empty line that ends a head (empty lines before a request line do not), within the caps. */
    private static final class HeadEnd implements ByteProcessor {
        private int line;
        private int size;
        private boolean started;

        @Override
        public boolean process(byte b) {
            if (++size > MAX_HEAD) {
                throw new TooLongHttpHeaderException("a request head over " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                boolean ends = line == 0 && started;
                started |= line > 0;
                line = 0;
                return !ends;
            }
            if (b != '\r' && ++line > MAX_LINE && !started) {
                throw new TooLongHttpHeaderException("a request line over " + MAX_LINE + " bytes");
            }
            return true;
        }

        void reset() {
            line = 0;
            size = 0;
            started = false;
        }
    }

    /** Finds the end of a chunk framing line (size, the CRLF after data, a trailer), reading a size as it goes. */
    private static final class LineEnd implements ByteProcessor {
        private long size;
        private boolean pastSize;
        private boolean empty = true;
        private int length;

        @Override
        public boolean process(byte b) {
            if (b == '\n') {
                return false;
            }
            if (++length > MAX_LINE) {
                throw new TooLongHttpHeaderException("a chunk line over " + MAX_LINE + " bytes");
            }
            if (b != '\r') {
                empty = false;
            }
            int digit = Character.digit(b, 16);
            if (!pastSize && digit >= 0) {
                if (size > (Long.MAX_VALUE >> 4)) {
                    throw new RequestHead.Malformed("a chunk size too large");
                }
                size = size * 16 + digit;
            } else {
                pastSize = true;
            }
            return true;
        }

        void reset() {
            size = 0;
            pastSize = false;
            empty = true;
            length = 0;
        }
    }
}

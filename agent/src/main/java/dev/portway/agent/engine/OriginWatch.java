// Follows the requests and the responses on a connection to the local HTTP service, to say when it could serve
// another visitor: every request sent whole and answered whole, no upgrade, no "Connection: close" either way, every
// answer framed by its length (not by the close). It changes one thing: the answer to the visitor's last request
// (its "close" was left out of the head the origin got) says "Connection: close" to the visitor, as HTTP asks of a
// server about to close; the origin's own answer is what was followed.
package dev.portway.agent.engine;

import dev.portway.protocol.http.Http1Scanner;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

final class OriginWatch extends ChannelDuplexHandler {
    private static final ByteBuf CLOSE_LINE = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
            "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private final Http1Scanner requests = Http1Scanner.requests(new Requests());
    private final Http1Scanner responses = Http1Scanner.responses(new Responses());
    /** Each request still waiting for its answer, oldest first. */
    private final Queue<Asked> asked = new ArrayDeque<>();
    /** A request head passed and its body has not ended yet. */
    private boolean requestOpen;
    /** The connection can never serve another visitor: upgraded, closing, or not HTTP/1.1 as far as can be seen. */
    private boolean spent;
    private int status;
    private ChannelHandlerContext ctx;
    private Runnable idle;
    private Runnable otherwise;
    private Runnable lastAnswered = () -> { };
    /** Requests in flight that were the visitor's last: while there is one, answers are read head by head. */
    private int lastInFlight;
    /** Set during a step of the scan: the final answer to a last request has its whole head (origin said no close). */
    private boolean closeToAdd;

    /** A request: its method, and whether the visitor said it was its last ("Connection: close"). */
    private record Asked(String method, boolean last) {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && !spent) {
            requests.scan(buf);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && !spent) {
            if (lastInFlight == 0) {
                responses.scan(buf);
            } else {
                msg = scanForLast(ctx, buf);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Scans head by head; the head of a last request's answer gets "Connection: close" before its empty line. */
    private Object scanForLast(ChannelHandlerContext ctx, ByteBuf buf) {
        int from = buf.readerIndex();
        int end = buf.writerIndex();
        int at = from;
        int insert = -1;
        while (at < end && !spent) {
            closeToAdd = false;
            at = responses.scanPart(buf, at, end);
            if (closeToAdd && insert < 0) {
                // Before the empty line's CRLF (or LF), when all of it is in this buffer; otherwise left as it is.
                int lf = at - 1;
                insert = lf - 1 >= from && buf.getByte(lf - 1) == '\r' ? lf - 1
                        : lf - 1 >= from && buf.getByte(lf - 1) == '\n' ? lf : -1;
            }
        }
        if (insert < 0) {
            return buf;
        }
        CompositeByteBuf out = ctx.alloc().compositeBuffer(3);
        out.addComponents(true, buf.retainedSlice(from, insert - from), CLOSE_LINE.duplicate(),
                buf.retainedSlice(insert, end - insert));
        buf.release();
        return out;
    }

    /**
     * Runs once the request the visitor said was its last has its whole answer: the visitor's side ends there (the
     * rewriter kept its "Connection: close" from the origin).
     */
    void onLastAnswered(Runnable action) {
        lastAnswered = action;
    }

    /**
     * Whether the connection could carry another visitor's requests now: not with part of a next head sent, which
     * the origin would join to the next visitor's head.
     */
    boolean reusable() {
        return !spent && asked.isEmpty() && !requestOpen && requests.atMessageStart() && responses.following()
                && OriginPool.open(ctx.channel());
    }

    /**
     * Runs idle once every request sent so far has its whole answer (after the read that ended it has passed on),
     * or otherwise at once if the connection can no longer be followed (an upgrade, a body until the close).
     */
    void whenIdle(Runnable idle, Runnable otherwise) {
        if (spent || !responses.following()) {
            otherwise.run();
        } else if (asked.isEmpty() && !requestOpen) {
            idle.run();
        } else {
            this.idle = idle;
            this.otherwise = otherwise;
        }
    }

    private void spend() {
        spent = true;
        if (otherwise != null && !asked.isEmpty()) {
            Runnable then = otherwise;
            idle = null;
            otherwise = null;
            ctx.executor().execute(then);
        }
    }

    private final class Requests implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner head) {
            requestOpen = true;
            boolean http10 = head.version().equals("HTTP/1.0");
            boolean last = head.closes() && !http10;
            asked.add(new Asked(head.method(), last));
            if (last) {
                lastInFlight++;
            }
            if (http10) {
                spent = true; // the origin may well close after answering: it will not serve another visitor
            }
            return Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void end() {
            requestOpen = false;
            answered();
        }

        @Override
        public void garbage() {
            spent = true;
        }
    }

    private final class Responses implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner head) {
            status = head.status();
            if (asked.isEmpty()) {
                spend(); // an answer nobody asked for: the origin and this watch no longer agree on what is what
            }
            String method = asked.isEmpty() ? null : asked.peek().method();
            if (status == 101 || "CONNECT".equals(method) && status / 100 == 2) {
                spend();
                return Http1Scanner.Body.STOP;
            }
            if (head.closes()) {
                spent = true; // answered whole first; whoever waits for idle closes it then
            } else if (status >= 200 && !asked.isEmpty() && asked.peek().last()) {
                closeToAdd = true;
            }
            return "HEAD".equals(method) ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void end() {
            if (status >= 200) { // 1xx other than 101 are interim: the final answer follows
                Asked a = asked.poll();
                if (a == null) {
                    spend();
                } else if (a.last()) {
                    lastInFlight--;
                    ctx.executor().execute(lastAnswered);
                }
                answered();
            }
        }

        @Override
        public void garbage() {
            spend();
        }
    }

    private void answered() {
        if (idle != null && asked.isEmpty() && !requestOpen) {
            Runnable then = idle;
            idle = null;
            otherwise = null;
            // The answer's last bytes are still on their way through this read: act once it has passed.
            ctx.executor().execute(then);
        }
    }
}

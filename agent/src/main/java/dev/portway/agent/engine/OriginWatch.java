// Follows the requests and the responses on a connection to the local HTTP service (without changing them), to say
// when it could serve another visitor: every request sent whole and answered whole, no upgrade, no "Connection:
// close" either way, every answer framed by its length (not by the close).
package dev.portway.agent.engine;

import dev.portway.protocol.http.Http1Scanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;
import java.util.Queue;

final class OriginWatch extends ChannelDuplexHandler {
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
            responses.scan(buf);
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Runs once the request the visitor said was its last has its whole answer: the visitor's side ends there (the
     * rewriter kept its "Connection: close" from the origin).
     */
    void onLastAnswered(Runnable action) {
        lastAnswered = action;
    }

    /** Whether the connection could carry another visitor's requests now. */
    boolean reusable() {
        return !spent && asked.isEmpty() && !requestOpen && responses.following() && ctx.channel().isActive();
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
            asked.add(new Asked(head.method(), head.closes() && !http10));
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
            String method = asked.isEmpty() ? null : asked.peek().method();
            if (status == 101 || "CONNECT".equals(method) && status / 100 == 2) {
                spend();
                return Http1Scanner.Body.STOP;
            }
            if (head.closes()) {
                spent = true; // answered whole first; whoever waits for idle closes it then
            }
            return "HEAD".equals(method) ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void end() {
            if (status >= 200) { // 1xx other than 101 are interim: the final answer follows
                Asked a = asked.poll();
                if (a != null && a.last()) {
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

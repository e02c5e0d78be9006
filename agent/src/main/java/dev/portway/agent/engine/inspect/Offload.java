// Heavy API work (set files, HAR parsing and building, search, diffs) runs here, never on the inspector's event loop,
// which delivers the live events: a small bounded pool; the answer is written back on the channel's loop, and the
// connection reads no further request until then, so answers keep the requests' order.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

final class Offload {
    /** Shared by the inspectors of a process (there is one but in tests); its threads go when idle. */
    private static final ThreadPoolExecutor WORK = pool();

    private Offload() {
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), r -> {
            Thread t = new Thread(r, "portway-inspect-work");
            t.setDaemon(true);
            return t;
        });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Runs work off the loop; what it returns is then run on the channel's loop to answer (null: work answers by
     * itself, later). A Refusal, a bad argument or a disk error is answered as the API says; a full pool is 429 busy.
     */
    static void run(ChannelHandlerContext ctx, boolean keepAlive, Supplier<Consumer<ChannelHandlerContext>> work) {
        ctx.channel().config().setAutoRead(false);
        try {
            WORK.execute(() -> {
                Consumer<ChannelHandlerContext> answer;
                try {
                    answer = work.get();
                } catch (ApiHandler.Refusal r) {
                    answer = c -> Replies.error(c, keepAlive, r.status, r.code, r.getMessage());
                } catch (IllegalArgumentException bad) {
                    answer = c -> Replies.error(c, keepAlive, HttpResponseStatus.BAD_REQUEST, "bad_request",
                            bad.getMessage());
                } catch (UncheckedIOException disk) {
                    answer = c -> Replies.error(c, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "io_error",
                            disk.getMessage());
                } catch (RuntimeException e) {
                    answer = c -> Replies.error(c, false, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                            String.valueOf(e));
                }
                Consumer<ChannelHandlerContext> then = answer;
                ctx.executor().execute(() -> {
                    if (then != null) {
                        then.accept(ctx);
                    }
                    ctx.channel().config().setAutoRead(true);
                });
            });
        } catch (RejectedExecutionException full) {
            ctx.channel().config().setAutoRead(true);
            Replies.error(ctx, keepAlive, HttpResponseStatus.TOO_MANY_REQUESTS, "busy",
                    "the inspector is busy; try again");
        }
    }
}

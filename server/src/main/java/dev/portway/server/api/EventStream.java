// GET /api/v1/events: one Server-Sent Events stream per client, carrying the signed-in user's events; admitted
// within the per-user and per-address caps, written without blocking whoever publishes, and ended as soon as its
// client goes or falls too far behind.
package dev.portway.server.api;

import dev.portway.protocol.api.ApiEvents;
import dev.portway.server.config.ApiLimits;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.events.UserEvents;
import io.javalin.http.Context;
import io.javalin.http.Header;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class EventStream {
    /**
     * Events a stream may have waiting for its client: a minute of traffic samples and a burst of changes fit
     * (events are mostly under 1 KiB); a client further behind is cut off, then reconnects and reads the state anew.
     */
    static final int BACKLOG_EVENTS = 256;
    static final long BACKLOG_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private final UserEvents events;
    private final StreamQuota quota;
    private final Executor ends;
    private final LogThrottle slow = new LogThrottle(Duration.ofSeconds(10));

    /** ends: where a stream's response is completed or its connection closed, off the publisher's thread. */
    EventStream(UserEvents events, ApiLimits limits, Executor ends) {
        this.events = events;
        this.quota = new StreamQuota(limits);
        this.ends = ends;
    }

    void handle(Context ctx) {
        if (!"text/event-stream".equals(ctx.header(Header.ACCEPT))) {
            return; // answers nothing, as an SSE route does for a client that does not ask for a stream
        }
        String user = Caller.of(ctx).userId();
        String address = ctx.req().getRemoteAddr();
        Runnable release = quota.admit(user, address);
        ctx.status(200);
        ctx.contentType("text/event-stream;charset=utf-8");
        ctx.header(Header.CONNECTION, "close");
        ctx.header(Header.CACHE_CONTROL, "no-cache");
        ctx.header(Header.X_ACCEL_BUFFERING, "no");
        // Javalin starts the request's async mode (no timeout) before it asks for the future, and completes the
        // response once the future is done.
        ctx.future(() -> {
            try {
                return open(ctx, user, address, release);
            } catch (IOException | RuntimeException e) {
                release.run();
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    private CompletableFuture<Void> open(Context ctx, String user, String address, Runnable release)
            throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ServletOutputStream out = ctx.res().getOutputStream();
        // Null until subscribed; once the stream ends, a no-op (a stream can end while it subscribes: a drain).
        AtomicReference<Runnable> unsubscribe = new AtomicReference<>();
        EventWriter writer = new EventWriter(out, BACKLOG_EVENTS, BACKLOG_BYTES, (why, pending) -> {
            Runnable off = unsubscribe.getAndSet(() -> { });
            if (off != null) {
                off.run();
            }
            release.run();
            if (why == EventWriter.End.SLOW) {
                slow.hit(n -> LOG.warn("ended an event stream of user {} from {}: its client reads too slowly ({}"
                        + " events or {} KiB waiting){}", user, address, BACKLOG_EVENTS, BACKLOG_BYTES / 1024,
                        LogThrottle.more(n)));
            }
            // Unsent frames would hold the response open until Jetty's idle timeout: then the connection is cut.
            boolean cut = pending || why != EventWriter.End.CLOSED;
            endOffThread(() -> {
                if (cut) {
                    Request.getBaseRequest(ctx.req()).getHttpChannel().abort(new IOException("event stream: " + why));
                }
                done.complete(null); // Javalin then completes the response
            });
        });
        UserEvents.Subscriber subscriber = new UserEvents.Subscriber() {
            @Override
            public boolean send(String name, String json) {
                return writer.send(name == null ? comment(json) : event(name, json));
            }

            @Override
            public void end() {
                writer.end();
            }
        };
        out.setWriteListener(writer);
        Runnable off = events.subscribe(user, subscriber);
        if (!unsubscribe.compareAndSet(null, off)) {
            off.run();
        }
        HangUpWatch.watch(ctx, writer::end);
        writer.send(event(ApiEvents.READY, "{}"));
        return done;
    }

    private void endOffThread(Runnable end) {
        try {
            ends.execute(end);
        } catch (RejectedExecutionException stopping) {
            end.run();
        }
    }

    private static byte[] event(String name, String json) {
        StringBuilder frame = new StringBuilder("event: ").append(name).append('\n');
        for (String line : json.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] comment(String text) {
        StringBuilder frame = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            frame.append(": ").append(line).append('\n');
        }
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }
}

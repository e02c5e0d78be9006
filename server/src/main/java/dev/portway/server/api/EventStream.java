// GET /api/v1/events: one Server-Sent Events stream per client, carrying the signed-in user's events; admitted
// within the per-user and per-address caps, and ended as soon as its client goes.
package dev.portway.server.api;

import dev.portway.protocol.api.ApiEvents;
import dev.portway.server.ApiLimits;
import dev.portway.server.events.UserEvents;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

final class EventStream {
    private static final String SLOT = "portway.stream-slot";
    private final UserEvents events;
    private final StreamQuota quota;
    private final SseHandler sse = new SseHandler(this::open);

    EventStream(UserEvents events, ApiLimits limits) {
        this.events = events;
        this.quota = new StreamQuota(limits);
    }

    void handle(Context ctx) throws Exception {
        if (!"text/event-stream".equals(ctx.header(Header.ACCEPT))) {
            sse.handle(ctx); // answers nothing, as an SSE route does for a client that does not ask for a stream
            return;
        }
        Runnable release;
        try {
            release = quota.admit(Caller.of(ctx).userId(), ctx.req().getRemoteAddr());
        } catch (ApiException e) {
            ctx.header(Header.RETRY_AFTER, Integer.toString(StreamQuota.RETRY_AFTER_SECONDS));
            throw e;
        }
        ctx.attribute(SLOT, release);
        try {
            sse.handle(ctx);
        } catch (Exception | Error e) {
            release.run();
            throw e;
        }
    }

    private void open(SseClient client) {
        String user = Caller.of(client.ctx()).userId();
        Runnable release = client.ctx().attribute(SLOT);
        client.keepAlive();
        // Events come from several threads (links, API calls, the traffic clock): one at a time on the wire.
        Object wire = new Object();
        UserEvents.Subscriber subscriber = new UserEvents.Subscriber() {
            @Override
            public boolean send(String name, String json) {
                synchronized (wire) {
                    if (client.terminated()) {
                        return false;
                    }
                    if (name == null) {
                        client.sendComment(json);
                    } else {
                        client.sendEvent(name, json);
                    }
                    return !client.terminated();
                }
            }

            @Override
            public void end() {
                synchronized (wire) {
                    client.close();
                }
            }
        };
        Runnable unsubscribe = events.subscribe(user, subscriber);
        Runnable ended = () -> {
            unsubscribe.run();
            release.run();
        };
        client.onClose(ended);
        if (client.terminated()) {
            ended.run(); // ended (a drain, a disabled account) before onClose was set
            return;
        }
        HangUpWatch.watch(client.ctx(), subscriber::end);
        subscriber.send(ApiEvents.READY, "{}");
    }
}

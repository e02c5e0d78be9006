// GET /api/v1/events: one Server-Sent Events stream per client, carrying the signed-in user's events.
package dev.portway.server.api;

import dev.portway.protocol.api.ApiEvents;
import dev.portway.server.events.UserEvents;
import io.javalin.http.sse.SseClient;

final class EventStream {
    private final UserEvents events;

    EventStream(UserEvents events) {
        this.events = events;
    }

    void open(SseClient client) {
        String user = Caller.of(client.ctx()).userId();
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
        client.onClose(events.subscribe(user, subscriber));
        subscriber.send(ApiEvents.READY, "{}");
    }
}

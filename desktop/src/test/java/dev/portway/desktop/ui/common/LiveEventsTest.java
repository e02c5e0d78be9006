// The app's follower of the server's live events, against a real server: it hears changes, is live again (so the app
// reads the whole list) after the server restarts, and stop ends it at once, even on a silent stream.
package dev.portway.desktop.ui.common;

import static dev.portway.desktop.ui.TestApp.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveEventsTest extends ServerTestCase {
    @Test
    void aLostStreamIsFollowedAgainAndStopEndsItAtOnce() throws Exception {
        server = servers.start(TestServers.config(dir.resolve("server")));
        ApiClient api = new ApiClient(server.config().apiUrl(), null);
        api.signup("live@example.com", "password1");
        ApiClient client = api.withToken(api.login("live@example.com", "password1").token());

        AtomicInteger live = new AtomicInteger();
        List<String> sockets = new CopyOnWriteArrayList<>();
        List<Thread> followers = new CopyOnWriteArrayList<>();
        LiveEvents events = new LiveEvents(r -> {
            Thread t = new Thread(r, "test-live-events");
            t.setDaemon(true);
            followers.add(t);
            t.start();
        }, Runnable::run);
        events.follow(client, new LiveEvents.Listener() {
            @Override
            public void live() {
                live.incrementAndGet();
            }

            @Override
            public void event(ServerEvent e) {
                if (e.name().equals(ApiEvents.SOCKET)) {
                    sockets.add(e.data(SocketInfo.class).name());
                }
            }
        });
        await().atMost(WAIT).until(() -> live.get() == 1);
        client.createSocket("before", "http");
        await().atMost(WAIT).until(() -> sockets.equals(List.of("before")));

        ServerConfig same = server.config();
        server.close();
        server = servers.start(same);
        await().atMost(WAIT).until(() -> live.get() == 2);
        client.createSocket("after", "http");
        await().atMost(WAIT).until(() -> sockets.equals(List.of("before", "after")));

        // Nothing happens on this stream now: only ending it from outside lets the follower go.
        events.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !followers.get(0).isAlive());
        assertEquals(1, followers.size(), "one follower, following again in its own loop");
        assertEquals(2, live.get());
    }
}

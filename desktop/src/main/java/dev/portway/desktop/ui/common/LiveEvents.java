// Follows the signed-in user's live events (GET /api/v1/events) on a thread of its own, follows the stream again
// with backoff when it is lost, and hands each event, and each time the stream is live again, to the FX thread.
package dev.portway.desktop.ui.common;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.Backoff;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.protocol.api.ApiEvents;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

public final class LiveEvents {
    /** What the models hear, on the FX thread. */
    public interface Listener {
        /** The stream is live (again): what happened while it was down is not in it, so read the whole state. */
        void live();

        void event(ServerEvent e);
    }

    private final Executor streams;
    private final Executor fx;
    private Follower current;

    /** streams: runs each follower, which blocks for as long as it follows (a thread of its own in the app). */
    public LiveEvents(Executor streams, Executor fx) {
        this.streams = streams;
        this.fx = fx;
    }

    /** Follows client's events until stop; a follower of an earlier client is stopped first. */
    synchronized void follow(ApiClient client, Listener listener) {
        stop();
        current = new Follower(client, listener);
        streams.execute(current);
    }

    /** Ends the stream now (not at its next event); nothing more reaches the listener. */
    synchronized void stop() {
        if (current != null) {
            current.stop();
            current = null;
        }
    }

    private final class Follower implements Runnable {
        private final ApiClient client;
        private final Listener listener;
        private final Backoff backoff = Backoff.standard();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile Runnable cancel;

        Follower(ApiClient client, Listener listener) {
            this.client = client;
            this.listener = listener;
        }

        boolean stopped() {
            return stopped.getCount() == 0;
        }

        void stop() {
            stopped.countDown();
            Runnable c = cancel;
            if (c != null) {
                c.run();
            }
        }

        @Override
        public void run() {
            while (!stopped()) {
                try {
                    client.events(this::hand, c -> {
                        cancel = c;
                        // stop may have come just before the stream had a way to be ended.
                        if (stopped()) {
                            c.run();
                        }
                    });
                } catch (ApiException e) {
                    if (e.status() == 401 || stopped()) {
                        // Signed out here or elsewhere: there is nothing to follow any more.
                        return;
                    }
                }
                try {
                    stopped.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private boolean hand(ServerEvent e) {
            if (stopped()) {
                return false;
            }
            backoff.reset();
            fx.execute(() -> {
                if (!stopped()) {
                    if (ApiEvents.READY.equals(e.name())) {
                        listener.live();
                    } else {
                        listener.event(e);
                    }
                }
            });
            return true;
        }
    }
}

// What a visitor's WebSocket receives, in order, with a failure as "failure: …", for a test to take one at a time.
package dev.portway.agent.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

class WebSocketInbox extends WebSocketListener {
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    /** The next message (or failure), waiting up to 10 s; null when none came. */
    String next() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        received.add(text);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable e, Response response) {
        received.add("failure: " + e);
    }
}

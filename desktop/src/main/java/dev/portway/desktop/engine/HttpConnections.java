// The agent's HTTP connections to its local service. When the agent or the server is stopping, each one ends as
// soon as no exchange is in flight, so that kept-alive connections do not hold a drain open until its timeout.
package dev.portway.desktop.engine;

import dev.portway.protocol.link.SocketToStreamRelay;
import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

final class HttpConnections {
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    void add(Channel local) {
        open.add(local);
        local.closeFuture().addListener(f -> open.remove(local));
        if (closing) {
            closeWhenIdle(local);
        }
    }

    /** From now on every connection ends once its exchanges are done; new ones too. */
    void closeAllWhenIdle() {
        closing = true;
        open.forEach(this::closeWhenIdle);
    }

    /**
     * A new link is up: the server that was stopping is gone, so connections from now on stay open as usual (those
     * already told to end still do).
     */
    void keepNewOnesOpen() {
        closing = false;
    }

    private void closeWhenIdle(Channel local) {
        local.eventLoop().execute(() -> {
            HttpExchangeTap tap = local.pipeline().get(HttpExchangeTap.class);
            SocketToStreamRelay relay = local.pipeline().get(SocketToStreamRelay.class);
            if (tap != null && relay != null) {
                tap.whenIdle(() -> relay.finish(local));
            }
        });
    }
}

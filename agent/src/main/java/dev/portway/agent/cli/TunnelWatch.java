// "tunnel ls --watch": follows the server's live events for one socket and prints each change as a line.
package dev.portway.agent.cli;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.Backoff;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.agent.engine.Sizes;
import dev.portway.agent.engine.TunnelPlace;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.TunnelInfo;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class TunnelWatch {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Context ctx;
    private final ApiClient api;
    private final String socketId;
    /** Last counters shown per tunnel: a quiet tunnel prints nothing. */
    private final Map<String, List<Long>> shown = new HashMap<>();

    TunnelWatch(Context ctx, ApiClient api, String socketId) {
        this.ctx = ctx;
        this.api = api;
        this.socketId = socketId;
    }

    /** Until Ctrl-C, or the socket is deleted; a lost stream is followed again after a backoff. */
    void run() throws InterruptedException {
        Backoff backoff = Backoff.standard();
        boolean[] gone = {false};
        while (!gone[0]) {
            try {
                api.events(e -> {
                    backoff.reset();
                    gone[0] = show(e);
                    return !gone[0];
                });
            } catch (ApiException e) {
                if (!ApiException.UNREACHABLE.equals(e.code())) {
                    throw e;
                }
                Duration d = backoff.next();
                say("(" + e.getMessage() + "; again in " + d.toMillis() / 100 / 10.0 + " s)");
                Thread.sleep(d.toMillis());
            }
        }
    }

    /** Prints what the event says about this socket; true once the socket is gone. */
    private boolean show(ServerEvent e) {
        switch (e.name()) {
            case ApiEvents.TUNNEL -> {
                TunnelInfo t = e.data(TunnelInfo.class);
                if (socketId.equals(t.socketId())) {
                    emit(e, t.tunnelId() + "  " + TunnelPlace.of(t, ZoneId.systemDefault()));
                }
            }
            case ApiEvents.TUNNEL_DELETED -> {
                ApiEvents.Deleted d = e.data(ApiEvents.Deleted.class);
                if (socketId.equals(d.socketId())) {
                    emit(e, d.tunnelId() + "  deleted");
                }
            }
            case ApiEvents.SOCKET_DELETED -> {
                if (socketId.equals(e.data(ApiEvents.Deleted.class).socketId())) {
                    emit(e, "socket " + socketId + " deleted");
                    return true;
                }
            }
            case ApiEvents.TRAFFIC -> e.data(ApiEvents.Traffic.class).tunnels().stream()
                    .filter(s -> socketId.equals(s.socketId()))
                    .filter(s -> !List.of(s.bytesIn(), s.bytesOut(), (long) s.openConnections())
                            .equals(shown.put(s.tunnelId(), List.of(s.bytesIn(), s.bytesOut(),
                                    (long) s.openConnections()))))
                    .forEach(s -> emit(e, s.tunnelId() + "  in " + Sizes.human(s.bytesIn()) + "  out "
                            + Sizes.human(s.bytesOut()) + "  " + s.openConnections() + " open"));
            default -> {
                // ready, and other sockets' events
            }
        }
        return false;
    }

    private void emit(ServerEvent e, String human) {
        if (ctx.json()) {
            ctx.cli().out().println("{\"event\":\"" + e.name() + "\",\"data\":" + e.data() + "}");
        } else {
            say(human);
        }
        ctx.cli().out().flush();
    }

    private void say(String line) {
        ctx.cli().out().println(LocalTime.now().format(CLOCK) + "  " + line);
    }
}

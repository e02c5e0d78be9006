// The tunnels' switches: when one may go on (and whether to take it over from another agent), "Share port…" (a
// temporary socket, deleted when switched off, on quit, or at the next start after a run that could not), and the
// engine's reports, applied on the FX thread.
package dev.portway.desktop.ui.sockets;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.TunnelManager;
import dev.portway.desktop.ui.common.Banner;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.common.Session;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.SocketType;
import java.util.List;
import java.util.concurrent.Executor;

public final class SwitchesModel implements TunnelManager.Listener {
    /** Asks the person whether to take a tunnel over from the agent on host (which is then cut off). */
    public interface TakeOver {
        boolean ask(TunnelModel t, String host);
    }

    private final Session session;
    private final SocketsModel sockets;
    private final Banner banner;
    private final Executor fx;
    private final TemporarySockets temporary;
    /** Without a window to ask in, another agent's tunnel is left alone. */
    private TakeOver takeOver = (t, host) -> false;

    public SwitchesModel(Session session, SocketsModel sockets, TemporarySockets temporary, Banner banner,
            Executor fx) {
        this.session = session;
        this.temporary = temporary;
        this.sockets = sockets;
        this.banner = banner;
        this.fx = fx;
    }

    // ---- commands ----------------------------------------------------------------------------------------------

    /** The switch: exposes the tunnel's local port, or hides it again; a refusal is said in the banner. */
    public void setOn(TunnelModel t, boolean on) {
        if (on == t.onProperty().get()) {
            return;
        }
        if (on) {
            String why = refusal(t, t.hostProperty().get(), t.portProperty().get(), udp(t));
            if (why != null) {
                banner.show(why);
                return;
            }
            // Connecting here cuts the other agent off (the server keeps one link per tunnel): only if asked to.
            if (t.onlineElsewhere() && !takeOver.ask(t, t.agentHostProperty().get())) {
                return;
            }
            banner.dismiss();
            switchOn(t);
        } else {
            t.switched(false);
            session.engine(m -> m.stop(t.tunnelId()));
            if (temporary.release(t.socketId())) {
                deleteShared(t.socketId());
            }
        }
        sockets.socket(t.socketId()).ifPresent(SocketModel::recount);
    }

    /**
     * What is wrong with a port to share as typed (letters, 0, 70000, one already exposed), or null. type: the
     * socket type to share it as; a udp share's port is a UDP port, which a tcp tunnel of that number leaves free.
     */
    public String checkShare(String host, String portText, String type) {
        String typed = portText == null ? "" : portText.strip();
        int port;
        try {
            port = Integer.parseInt(typed);
        } catch (NumberFormatException e) {
            return typed.isEmpty() ? "Type the local port to share, a number between 1 and 65535."
                    : "\"" + typed + "\" is not a port: type a number between 1 and 65535.";
        }
        if (port < 1 || port > 65535) {
            return "There is no port " + port + ": type a number between 1 and 65535.";
        }
        if (host == null || host.isBlank()) {
            return "Type the local host, e.g. localhost.";
        }
        return refusal(null, host, port, SocketType.isUdp(type));
    }

    /**
     * Quick connect: a temporary socket (http, tcp or udp) and tunnel for a local port, switched on at once and
     * selected. If any step fails, the socket made for it is deleted again. hostHeader: null unchanged, "rewrite",
     * or a value.
     */
    public void sharePort(String host, int port, String type, String hostHeader, Reply reply) {
        String why = checkShare(host, Integer.toString(port), type);
        if (why != null) {
            reply.failed(why);
            return;
        }
        session.call(c -> {
            SocketInfo s = c.createSocket("share port " + port, type);
            try {
                temporary.made(s.socketId());
                return c.createTunnel(s.socketId());
            } catch (RuntimeException e) {
                forget(c, s.socketId());
                throw e;
            }
        }, t -> {
            reply.done();
            sockets.refresh(saved -> sockets.tunnel(t.tunnelId()).ifPresent(m -> {
                sockets.selectTunnel(m);
                m.hostProperty().set(host.strip());
                m.portProperty().set(port);
                m.hostHeaderProperty().set(hostHeader);
                String late = refusal(m, host, port, SocketType.isUdp(type));
                if (late == null) {
                    switchOn(m);
                } else {
                    // Another tunnel took the port while this one was made.
                    banner.show(late);
                    temporary.release(t.socketId());
                    deleteShared(t.socketId());
                }
            }));
        }, reply::failed);
    }

    /** How the app asks before a tunnel is taken over from another agent. */
    public void onTakeOver(TakeOver ask) {
        takeOver = ask;
    }

    /**
     * After a resumed sign-in: switches on again the tunnels that were on when the app last ran, except those
     * another agent runs now (nobody was asked whether to take them over).
     */
    public void restore(List<Settings.SavedTunnel> saved) {
        saved.stream().filter(Settings.SavedTunnel::on).forEach(s -> sockets.tunnel(s.tunnelId()).ifPresent(t -> {
            if (t.onlineElsewhere()) {
                banner.show("Tunnel " + t.shortId() + " was left off: it is " + t.whereProperty().get() + ".");
            } else if (!t.onProperty().get()) {
                switchOn(t);
            }
        }));
    }

    /**
     * Deletes the temporary sockets with the client that made them (at sign-out and quit, off the FX thread), and
     * those an earlier run left behind (at sign-in).
     */
    public void deleteTemporary(ApiClient client) {
        temporary.deleteAll(client);
    }

    /** Some tunnel is on: signing out or quitting takes it offline. */
    public boolean anyOn() {
        return sockets.tunnels().stream().anyMatch(t -> t.onProperty().get());
    }

    // ---- engine events (any thread) ----------------------------------------------------------------------------

    @Override
    public void onStatus(String tunnelId, AgentStatus status, String detail) {
        fx.execute(() -> sockets.tunnel(tunnelId).ifPresent(t -> {
            t.status(status, detail);
            sockets.socket(t.socketId()).ifPresent(SocketModel::recount);
        }));
    }

    @Override
    public void onLocalService(String tunnelId, boolean reachable, String detail) {
        fx.execute(() -> sockets.tunnel(tunnelId).ifPresent(t -> t.localService(reachable, detail)));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Why t may not expose host:port (t is null for a share not made yet), or null. */
    private String refusal(TunnelModel t, String host, int port, boolean udp) {
        String h = host == null ? "" : host.strip();
        if (port < 1 || port > 65535 || h.isEmpty()) {
            return "Pick a local host and a port between 1 and 65535 first.";
        }
        // UDP ports are a port space of their own: a DNS server answers on TCP 53 and on UDP 53.
        boolean taken = sockets.tunnels().stream().anyMatch(o -> o != t && o.onProperty().get()
                && o.portProperty().get() == port && h.equals(o.hostProperty().get().strip()) && udp(o) == udp);
        return taken ? (udp ? "UDP port " : "Port ") + port + " is already exposed by another tunnel." : null;
    }

    /** Whether the tunnel's socket is a udp one, whose local port is a UDP port. */
    private boolean udp(TunnelModel t) {
        return sockets.socket(t.socketId()).map(s -> SocketType.isUdp(s.typeProperty().get())).orElse(false);
    }

    private void switchOn(TunnelModel t) {
        t.switched(true);
        LocalTarget target = t.target();
        session.engine(m -> m.start(t.socketId(), t.tunnelId(), target));
        sockets.socket(t.socketId()).ifPresent(SocketModel::recount);
    }

    /** A share's socket, switched off or refused: the settings forget it once the server has deleted it. */
    private void deleteShared(String socketId) {
        sockets.socket(socketId).ifPresent(s -> sockets.deleteSocket(s, temporary::forget));
    }

    /** Deletes a socket a failed share made; if even that fails, it is cleaned up at sign-out, quit or next start. */
    private void forget(ApiClient c, String socketId) {
        try {
            c.deleteSocket(socketId);
            temporary.forget(socketId);
        } catch (RuntimeException e) {
            // Still remembered as temporary.
        }
    }
}

// What the agent remembers between runs: server, sign-in token, the tunnels that were on, connect-at-login, the app's
// theme, and the app's temporary sockets ("Share port…") not deleted yet.
package dev.portway.agent.engine;

import java.util.ArrayList;
import java.util.List;

public record Settings(String server, String token, String email, List<SavedTunnel> tunnels,
                       Boolean connectAtLogin, String theme, List<String> temporarySockets) {
    public static final Settings EMPTY = new Settings(null, null, null, List.of(), false, null, List.of());

    /** The app's themes; null (and a file from before themes) follows the system's setting. */
    public static final String LIGHT = "light";
    public static final String DARK = "dark";

    /**
     * A tunnel's local target (with its Host header: null unchanged, as in a file from before it) and whether it was
     * switched on, so it can be restored.
     */
    public record SavedTunnel(String socketId, String tunnelId, String host, int port, boolean on, String hostHeader) {
        public SavedTunnel(String socketId, String tunnelId, String host, int port, boolean on) {
            this(socketId, tunnelId, host, port, on, null);
        }

        public LocalTarget target() {
            return new LocalTarget(host, port).withHostHeader(hostHeader);
        }
    }

    public Settings {
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
        connectAtLogin = connectAtLogin != null && connectAtLogin;
        temporarySockets = temporarySockets == null ? List.of() : List.copyOf(temporarySockets);
    }

    public Settings(String server, String token, String email, List<SavedTunnel> tunnels, Boolean connectAtLogin,
                    String theme) {
        this(server, token, email, tunnels, connectAtLogin, theme, List.of());
    }

    /** Without a theme: the system's. */
    public Settings(String server, String token, String email, List<SavedTunnel> tunnels, Boolean connectAtLogin) {
        this(server, token, email, tunnels, connectAtLogin, null);
    }

    /** Signed in (or out, with nulls) to a server; a different server's tunnels and temporary sockets are forgotten. */
    public Settings withLogin(String newServer, String newToken, String newEmail) {
        boolean sameServer = newServer != null && newServer.equals(server);
        return new Settings(newServer, newToken, newEmail, sameServer ? tunnels : List.of(), connectAtLogin,
                theme, sameServer ? temporarySockets : List.of());
    }

    public Settings withTunnel(SavedTunnel t) {
        List<SavedTunnel> next = new ArrayList<>(tunnels);
        next.removeIf(s -> s.tunnelId().equals(t.tunnelId()));
        next.add(t);
        return new Settings(server, token, email, next, connectAtLogin, theme, temporarySockets);
    }

    public Settings withoutTunnel(String tunnelId) {
        List<SavedTunnel> next = new ArrayList<>(tunnels);
        next.removeIf(s -> s.tunnelId().equals(tunnelId));
        return new Settings(server, token, email, next, connectAtLogin, theme, temporarySockets);
    }

    public Settings withConnectAtLogin(boolean on) {
        return new Settings(server, token, email, tunnels, on, theme, temporarySockets);
    }

    /** light, dark, or null to follow the system. */
    public Settings withTheme(String newTheme) {
        return new Settings(server, token, email, tunnels, connectAtLogin, newTheme, temporarySockets);
    }

    /** A socket the app made on this server for "Share port…", to delete when done (by id: a name may be anyone's). */
    public Settings withTemporarySocket(String socketId) {
        List<String> next = new ArrayList<>(temporarySockets);
        next.remove(socketId);
        next.add(socketId);
        return new Settings(server, token, email, tunnels, connectAtLogin, theme, next);
    }

    /** A temporary socket deleted (or found gone). */
    public Settings withoutTemporarySocket(String socketId) {
        List<String> next = new ArrayList<>(temporarySockets);
        next.remove(socketId);
        return new Settings(server, token, email, tunnels, connectAtLogin, theme, next);
    }
}

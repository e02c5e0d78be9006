// What the agent remembers between runs: server, sign-in token, the tunnels that were on, connect-at-login, and the
// app's theme.
package dev.portway.agent.engine;

import java.util.ArrayList;
import java.util.List;

public record Settings(String server, String token, String email, List<SavedTunnel> tunnels,
                       Boolean connectAtLogin, String theme) {
    public static final Settings EMPTY = new Settings(null, null, null, List.of(), false, null);

    /** The app's themes; null (and a file from before themes) follows the system's setting. */
    public static final String LIGHT = "light";
    public static final String DARK = "dark";

    /** A tunnel's local target and whether it was switched on, so it can be restored. */
    public record SavedTunnel(String socketId, String tunnelId, String host, int port, boolean on) {
    }

    public Settings {
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
        connectAtLogin = connectAtLogin != null && connectAtLogin;
    }

    /** Without a theme: the system's. */
    public Settings(String server, String token, String email, List<SavedTunnel> tunnels, Boolean connectAtLogin) {
        this(server, token, email, tunnels, connectAtLogin, null);
    }

    /** Signed in (or out, with nulls) to a server; a different server's tunnels are forgotten. */
    public Settings withLogin(String newServer, String newToken, String newEmail) {
        boolean sameServer = newServer != null && newServer.equals(server);
        return new Settings(newServer, newToken, newEmail, sameServer ? tunnels : List.of(), connectAtLogin,
                theme);
    }

    public Settings withTunnel(SavedTunnel t) {
        List<SavedTunnel> next = new ArrayList<>(tunnels);
        next.removeIf(s -> s.tunnelId().equals(t.tunnelId()));
        next.add(t);
        return new Settings(server, token, email, next, connectAtLogin, theme);
    }

    public Settings withoutTunnel(String tunnelId) {
        List<SavedTunnel> next = new ArrayList<>(tunnels);
        next.removeIf(s -> s.tunnelId().equals(tunnelId));
        return new Settings(server, token, email, next, connectAtLogin, theme);
    }

    public Settings withConnectAtLogin(boolean on) {
        return new Settings(server, token, email, tunnels, on, theme);
    }

    /** light, dark, or null to follow the system. */
    public Settings withTheme(String newTheme) {
        return new Settings(server, token, email, tunnels, connectAtLogin, newTheme);
    }
}

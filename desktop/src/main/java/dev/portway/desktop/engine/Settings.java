// What the agent remembers between runs: the server and the sign-in token. Stored owner-only.
package dev.portway.desktop.engine;

public record Settings(String server, String token, String email) {
    public static final Settings EMPTY = new Settings(null, null, null);
}

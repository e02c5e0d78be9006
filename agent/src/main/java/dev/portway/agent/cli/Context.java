// Resolves the server and token for a command (flag, then PORTWAY_*, then the saved settings) and prints results.
package dev.portway.agent.cli;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.trust.KnownServers;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.protocol.json.JsonWriter;
import java.util.List;

public final class Context {
    private final Cli cli;
    private final GlobalOptions opts;

    Context(Cli cli, GlobalOptions opts) {
        this.cli = cli;
        this.opts = opts;
    }

    Cli cli() {
        return cli;
    }

    boolean json() {
        return opts.json;
    }

    String server() {
        String s = first(opts.server, cli.env().get("PORTWAY_SERVER"), cli.settings().load().server());
        if (s == null) {
            throw new CliException("no server given: pass --server URL or run 'portway login --server URL' first");
        }
        return s;
    }

    /** An API client for a command that needs no sign-in. */
    ApiClient anonymous() {
        return new ApiClient(server(), null, trust());
    }

    /**
     * Trust on first use, as ssh does: a certificate no authority vouches for is shown once and kept; a changed one
     * is refused. --fingerprint says which one it must be.
     */
    public ServerTrust trust() {
        String expected = first(opts.fingerprint, cli.env().get("PORTWAY_FINGERPRINT"));
        KnownServers known = cli.settings().knownServers();
        try {
            return new ServerTrust(known, expected, (server, fingerprint) -> {
                cli.err().println("portway: first contact with " + server + ": its certificate is sha256 "
                        + fingerprint + ". Trusted from now on (kept in " + known.file()
                        + "); check it against the fingerprint the server printed at start.");
                return true;
            });
        } catch (IllegalArgumentException e) {
            throw new CliException("--fingerprint: " + e.getMessage());
        }
    }

    /** An API client for a signed-in command. */
    ApiClient api() {
        String server = server();
        Settings saved = cli.settings().load();
        String token = first(opts.token, cli.env().get("PORTWAY_TOKEN"), saved.token());
        if (token == null) {
            throw new CliException("not signed in: run 'portway login' first (or pass --token)");
        }
        return new ApiClient(server, token, trust());
    }

    /** Prints the value as JSON, or as the human text. */
    void print(Object value, String human) {
        cli.out().println(opts.json ? toJson(value) : human);
    }

    /** An API object as JSON, by Jackson (loaded then: the connect path prints its lines with line()). */
    static String toJson(Object value) {
        return JacksonText.pretty(value);
    }

    /** Plain values (maps, lists, strings, numbers) as JSON on one line, the form Jackson's pretty printer has. */
    static String line(Object value) {
        return JsonWriter.pretty(value).replaceAll("\\s*\\n\\s*", " ");
    }

    /** Aligned "key  value" lines. */
    static String fields(List<String[]> rows) {
        int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(String.format("%-" + w + "s  %s", r[0], r[1] == null ? "-" : r[1]));
        }
        return sb.toString();
    }

    /** A table with a header row, columns padded to their widest cell. */
    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i] == null ? 1 : r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                line.append(String.format("%-" + w[i] + "s", r[i] == null ? "-" : r[i]));
                if (i < cols - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing());
        }
        return sb.toString();
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null && !(v instanceof String s && s.isBlank())) {
                return v;
            }
        }
        return null;
    }
}

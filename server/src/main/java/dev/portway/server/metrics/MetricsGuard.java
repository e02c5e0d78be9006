// Who may read /metrics on the API port: a caller on this machine (a loopback address, with no proxy header saying
// it relays someone else), or one that shows the bearer token of --metrics-token-file, compared in constant time.
package dev.portway.server.metrics;

import dev.portway.protocol.api.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;

public final class MetricsGuard {
    /** A token is a line of random text; a bigger file is the wrong file. */
    static final int MAX_TOKEN_FILE = 4096;
    private static final String BEARER = "Bearer ";

    /** What the refused caller is told. */
    record Refusal(ErrorCode code, String message) {
    }

    /** null: no token configured, loopback callers only. */
    private final byte[] token;

    private MetricsGuard(byte[] token) {
        this.token = token;
    }

    /** Without --metrics-token-file: this machine only. */
    public static MetricsGuard loopbackOnly() {
        return new MetricsGuard(null);
    }

    /**
     * The token in the file, trimmed as Prometheus trims its credentials_file; an empty, oversized or unreadable
     * file is refused with a one-line reason (IllegalArgumentException) so that the server does not start without
     * the protection the operator asked for.
     */
    public static MetricsGuard fromFile(Path file) {
        String prefix = "--metrics-token-file " + file + ": ";
        byte[] raw;
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(prefix + "is a directory, not a file with the token");
            }
            if (Files.size(file) > MAX_TOKEN_FILE) {
                throw new IllegalArgumentException(prefix + "is over " + MAX_TOKEN_FILE + " bytes; it should hold"
                        + " only the token");
            }
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(prefix + "no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(prefix + "cannot be read (permission denied)");
        } catch (IOException e) {
            throw new IllegalArgumentException(prefix + "cannot be read (" + e.getMessage() + ")");
        }
        String value = new String(raw, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(prefix + "is empty; put a long random token in it (for example the"
                    + " output of: openssl rand -hex 32)");
        }
        return new MetricsGuard(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Why this caller may not read the metrics, or null when it may. relayed: the request carries Forwarded or
     * X-Forwarded-For, so a proxy on this machine stands for someone elsewhere.
     */
    Refusal refusal(InetAddress remote, boolean relayed, String authorization) {
        if (remote.isLoopbackAddress() && !relayed) {
            return null;
        }
        if (token == null) {
            return new Refusal(ErrorCode.FORBIDDEN, "/metrics on the API port answers this machine only; set"
                    + " --metrics-token-file on the server and send its token as a bearer token, or use"
                    + " --metrics-port");
        }
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        byte[] shown = bearer ? authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // The shown token is the first argument: the comparison's time depends on its length, never on ours.
        if (bearer & MessageDigest.isEqual(shown, token)) {
            return null;
        }
        return new Refusal(ErrorCode.UNAUTHORIZED, "/metrics needs the bearer token of --metrics-token-file");
    }
}

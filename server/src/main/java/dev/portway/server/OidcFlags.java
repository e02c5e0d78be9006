// Reads the --oidc-* flags into OidcSettings: the issuer (https, or http on loopback), the client id and secret (the
// flag, PORTWAY_OIDC_CLIENT_SECRET or the file in PORTWAY_OIDC_CLIENT_SECRET_FILE) and the session lifetime; a bad
// value is one plain IllegalArgumentException message.
package dev.portway.server;

import dev.portway.server.config.OidcSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class OidcFlags {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    /** Bounds the secret file read: a client secret is a few dozen bytes. */
    private static final long MAX_SECRET_FILE = 4096;

    private OidcFlags() {
    }

    /** issuer, clientId, secret, session: the flags (null when not given); env: for the secret's file. */
    static OidcSettings parse(String issuer, String clientId, String secret, String session, Map<String, String> env) {
        Duration lifetime = duration(session);
        if (blank(issuer) && blank(clientId)) {
            if (!blank(secret) || env.get("PORTWAY_OIDC_CLIENT_SECRET_FILE") != null) {
                throw new IllegalArgumentException("--oidc-client-secret needs --oidc-issuer and --oidc-client-id");
            }
            return OidcSettings.NONE.withSession(lifetime);
        }
        if (blank(issuer) || blank(clientId)) {
            throw new IllegalArgumentException("--oidc-issuer and --oidc-client-id go together: give both (the "
                    + "client id is the one registered with the provider)");
        }
        return new OidcSettings(issuer(issuer.strip()), clientId.strip(), secret(secret, env), lifetime);
    }

    /** 90s, 30m, 12h, 7d. */
    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value == null ? "" : value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--oidc-session takes a lifetime like 12h, 30m or 7d, not " + value);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static URI issuer(String value) {
        URI uri;
        try {
            uri = new URI(value); // as the provider spells it: discovery checks it letter for letter
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--oidc-issuer must be the provider's issuer URL, not " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("--oidc-issuer must be the provider's issuer URL "
                    + "(https://…, no query), not " + value);
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw new IllegalArgumentException("--oidc-issuer must be https (tokens and keys would cross the network "
                    + "in the clear); plain http only on this machine (localhost, 127.0.0.1, ::1), not " + value);
        }
        return uri;
    }

    /** Loopback by its name or literal address; a name is never looked up (DNS could say anything). */
    static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String secret(String flag, Map<String, String> env) {
        String file = env.get("PORTWAY_OIDC_CLIENT_SECRET_FILE");
        if (!blank(flag) && file != null) {
            throw new IllegalArgumentException("set --oidc-client-secret (or PORTWAY_OIDC_CLIENT_SECRET) or "
                    + "PORTWAY_OIDC_CLIENT_SECRET_FILE, not both");
        }
        if (file == null) {
            return blank(flag) ? null : flag.strip();
        }
        try {
            Path path = Path.of(file);
            if (Files.size(path) > MAX_SECRET_FILE) {
                throw new IllegalArgumentException("PORTWAY_OIDC_CLIENT_SECRET_FILE " + file + " is over "
                        + MAX_SECRET_FILE + " bytes; it should hold the client secret only");
            }
            String s = Files.readString(path).strip(); // a file written by echo ends in a newline
            if (s.isEmpty()) {
                throw new IllegalArgumentException("PORTWAY_OIDC_CLIENT_SECRET_FILE " + file + " is empty");
            }
            return s;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("cannot read PORTWAY_OIDC_CLIENT_SECRET_FILE " + file);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

// Hides the secrets an exchange carries (credentials, cookies, secret-named headers, tokens in the query) from what
// the inspector shows and the logs print, so a shared HAR or a log line leaks none; the raw exchange stays in the log
// for replay and "show".
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

public final class Redactor {
    /** What stands for a hidden value. */
    public static final String MARKER = "[redacted]";

    /**
     * Names of query parameters and headers that carry secrets: access_token, api_key, apikey, client_secret, passwd,
     * pwd, sessionid, PHPSESSID, id_jwt, X-Api-Key, X-Auth-Token... The short ones (code, auth, sig) only as a word of
     * their own (auth_code, X-Auth, sig), so author, zipcode or design stay shown.
     */
    private static final Pattern SECRET_NAME = Pattern.compile("token|key|secret|passw|pwd|signature|credential"
            + "|session|sessid|jwt|(?<![a-z])(?:code|auth|sig)(?![a-z])", Pattern.CASE_INSENSITIVE);

    private Redactor() {
    }

    /** The exchange with its secrets replaced by MARKER: target, Referer and Location queries, credential heads. */
    public static Exchange exchange(Exchange e) {
        return new Exchange(e.id(), e.start(), e.state(), e.method(), target(e.target()), e.httpVersion(),
                headers(e.requestHeaders()), e.requestBody(), e.status(), e.reason(), headers(e.responseHeaders()),
                e.responseBody(), e.durationMillis(), e.failure(), e.upgradedBytesIn(), e.upgradedBytesOut());
    }

    public static List<Exchange.Header> headers(List<Exchange.Header> headers) {
        List<Exchange.Header> out = new ArrayList<>(headers.size());
        for (Exchange.Header h : headers) {
            out.add(new Exchange.Header(h.name(), header(h.name(), h.value())));
        }
        return out;
    }

    /** One header's value as it may be shown. */
    public static String header(String name, String value) {
        if (value == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "authorization", "proxy-authorization" -> credentials(value);
            case "cookie" -> cookies(value);
            case "set-cookie" -> setCookie(value);
            case "referer", "location", "content-location" -> target(value);
            // A header named like a secret (X-Api-Key, X-Auth-Token) is one whole; CORS headers only name things.
            default -> !lower.startsWith("access-control-") && secretName(name) ? MARKER : value;
        };
    }

    /** "Bearer s3cret" -> "Bearer [redacted]": the scheme says what kind of credential it was, not what it is. */
    static String credentials(String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        return space > 0 ? v.substring(0, space) + " " + MARKER : MARKER;
    }

    /** "a=1; b=2" -> "a=[redacted]; b=[redacted]": the names say which cookies were sent. */
    static String cookies(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (String pair : value.split(";")) {
            if (!out.isEmpty()) {
                out.append(';');
            }
            out.append(hidden(pair));
        }
        return out.toString();
    }

    /** "sid=abc; Path=/; HttpOnly" -> "sid=[redacted]; Path=/; HttpOnly": the attributes are no secret. */
    static String setCookie(String value) {
        int semi = value.indexOf(';');
        return semi < 0 ? hidden(value) : hidden(value.substring(0, semi)) + value.substring(semi);
    }

    private static String hidden(String pair) {
        int eq = pair.indexOf('=');
        return eq < 0 ? pair : pair.substring(0, eq + 1) + MARKER;
    }

    /** A path or URL with the values of its secret query parameters hidden; the fragment, if any, is kept. */
    public static String target(String target) {
        if (target == null) {
            return null;
        }
        int mark = target.indexOf('?');
        if (mark < 0) {
            return target;
        }
        int hash = target.indexOf('#', mark);
        String query = hash < 0 ? target.substring(mark + 1) : target.substring(mark + 1, hash);
        StringBuilder out = new StringBuilder(target.length()).append(target, 0, mark + 1);
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            out.append(eq >= 0 && secretName(pair.substring(0, eq)) ? pair.substring(0, eq + 1) + MARKER : pair);
        }
        return hash < 0 ? out.toString() : out.append(target, hash, target.length()).toString();
    }

    /** Matched as decoded, so "api%5Fkey" is caught as "api_key" is. */
    static boolean secretName(String name) {
        String decoded;
        try {
            decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            decoded = name;
        }
        return SECRET_NAME.matcher(decoded).find();
    }
}

// What a visitor may never send the origin, in headers or chunked trailers alike: the identity headers that only
// the edge sets, in any spelling an origin might read as them (case, "_" for "-", as CGI-style servers fold them),
// and the edge's own cookies.
package dev.portway.server.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class VisitorHeaders {
    private static final List<String> IDENTITY = List.of(SignInGate.EMAIL_HEADER.toLowerCase(Locale.ROOT),
            SignInGate.USER_HEADER.toLowerCase(Locale.ROOT));
    private static final List<String> EDGE_COOKIES = List.of(VisitorSignIn.SESSION_COOKIE, SignInCookie.NAME);

    private VisitorHeaders() {
    }

    /** Removes the visitor's identity claims and the edge's cookies (the origin's own cookies stay). */
    static void scrub(HttpHeaders h) {
        List<String> forged = null;
        for (String name : h.names()) {
            if (identity(name)) {
                forged = forged == null ? new ArrayList<>() : forged;
                forged.add(name);
            }
        }
        if (forged != null) {
            forged.forEach(h::remove);
        }
        List<String> cookieHeaders = h.getAll(HttpHeaderNames.COOKIE);
        if (cookieHeaders.stream().noneMatch(c -> EDGE_COOKIES.stream().anyMatch(c::contains))) {
            return;
        }
        h.remove(HttpHeaderNames.COOKIE);
        for (String header : cookieHeaders) {
            String kept = header;
            for (String edgeCookie : EDGE_COOKIES) {
                kept = kept == null ? null : Cookies.without(kept, edgeCookie);
            }
            if (kept != null) {
                h.add(HttpHeaderNames.COOKIE, kept);
            }
        }
    }

    /** Whether the header name is X-Portway-Email or X-Portway-User, read with any case and "_" as "-". */
    static boolean identity(String name) {
        // Only names as long as X-Portway-User (14) or X-Portway-Email (15) are worth folding: every request
        // comes here.
        return name.length() >= 14 && name.length() <= 15
                && IDENTITY.contains(name.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}

// The Cookie header at the edge: the session cookie found among others, and cut out with the others kept as sent.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CookiesTest {
    private static final String S = VisitorSignIn.SESSION_COOKIE;

    @Test
    void findsTheSessionCookieInAnyHeader() {
        assertEquals("v1", Cookies.value(List.of("a=1", "b=2; " + S + "=v1; c=3"), S));
        assertEquals("v2", Cookies.value(List.of(S + "=\"v2\""), S));
        assertNull(Cookies.value(List.of("x" + S + "=no; " + S + "x=no"), S), "only that exact name");
        assertNull(Cookies.value(List.of(), S));
    }

    @Test
    void cutsOutOnlyTheSessionCookie() {
        assertEquals("theme=dark; lang=en", Cookies.without("theme=dark; " + S + "=v; lang=en", S));
        assertEquals("a=1", Cookies.without(S + "=v;a=1;" + S + "=w", S));
        assertNull(Cookies.without(S + "=v", S), "nothing left: no header");
        assertEquals("flag; b=2", Cookies.without("flag; b=2", S));
    }
}

// Sign-in with the server's OpenID Connect provider, as the edge asks it: who a session cookie shows, where an
// anonymous browser goes to sign in, and the answers of the edge's own sign-in paths. NONE: the server has no provider.
package dev.portway.server.edge;

import java.util.concurrent.CompletableFuture;

public interface VisitorSignIn {
    String SESSION_COOKIE = "__Host-portway_session";
    /** On the apex domain: /.portway/oidc/start and /.portway/oidc/callback. */
    String APEX_PATHS = "/.portway/oidc/";
    /** On a socket's own name: the one-time hand-off that sets the session cookie, and the sign-out. */
    String SESSION_PATH = "/.portway/oidc/session";
    String LOGOUT_PATH = "/.portway/logout";

    VisitorSignIn NONE = new VisitorSignIn() {
        @Override
        public String apex() {
            return null;
        }

        @Override
        public Visitor session(String host, String socketId, String cookieValue) {
            return null;
        }

        @Override
        public String signInUrl(String host, String socketId, String path, String browserKey) {
            throw new IllegalStateException("no identity provider");
        }

        @Override
        public CompletableFuture<SignInAnswer> answer(SignInRequest request) {
            throw new IllegalStateException("no identity provider");
        }
    };

    /** A signed-in visitor: the verified address, the provider's subject, and the session's id. */
    record Visitor(String email, String subject, String sessionId) {
    }

    /**
     * A request for one of the sign-in paths. host: the name asked for (lower case, no port); socketId: the socket
     * that name is (null on the apex domain); target: path and query; cookies: the Cookie header (null: none);
     * address: the visitor's.
     */
    record SignInRequest(String host, String socketId, String target, String cookies, String address) {
    }

    /** The apex domain whose sign-in paths the HTTPS edge serves; null when sign-in is off. */
    String apex();

    /**
     * The visitor the session cookie's value shows for this host and socket, or null. Memory only: it runs on the
     * event loop.
     */
    Visitor session(String host, String socketId, String cookieValue);

    /**
     * Where an anonymous browser goes to sign in for host (the socket socketId) and come back to path (relative, with
     * its query); browserKey: the value of its sign-in cookie (SignInCookie), which the hand-off will ask for.
     */
    String signInUrl(String host, String socketId, String path, String browserKey);

    /** Answers a request for a sign-in path; completes off the event loop (the provider, the store). */
    CompletableFuture<SignInAnswer> answer(SignInRequest request);
}

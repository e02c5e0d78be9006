// The edge's answers around e-mail sign-in, in the style of ErrorPages: the redirect to sign in, 401 (a page, or JSON
// when JSON was asked for), the 403 that names the account used, and whatever a sign-in path answered.
package dev.portway.server.edge;

import static dev.portway.server.edge.ErrorPages.esc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

final class SignInPages {
    private SignInPages() {
    }

    static ByteBuf signInRequired(ByteBufAllocator alloc, String host, String signInUrl, String setCookie) {
        return ErrorPages.page(alloc, 401, "Unauthorized", "Sign-in required",
                "The socket <b>" + esc(host) + "</b> admits people with certain e-mail addresses. <a href=\""
                        + esc(signInUrl) + "\">Sign in</a> with your account to continue.",
                "Set-Cookie: " + setCookie + "\r\n");
    }

    /** The API-style refusal for a client that asked for JSON. */
    static ByteBuf signInRequiredJson(ByteBufAllocator alloc, String host) {
        String body = "{\"error\":{\"code\":\"sign_in_required\",\"message\":\"" + json("The socket " + host
                + " admits people with certain e-mail addresses: sign in with a browser first.") + "\"}}\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        ByteBuf buf = alloc.buffer(head.length() + bytes.length);
        buf.writeCharSequence(head, StandardCharsets.US_ASCII);
        buf.writeBytes(bytes);
        return buf;
    }

    static ByteBuf notAllowed(ByteBufAllocator alloc, String host, String email) {
        return ErrorPages.page(alloc, 403, "Forbidden", "Not allowed",
                "You are signed in as <b>" + esc(email) + "</b>, and the socket <b>" + esc(host) + "</b> does not "
                        + "admit this account. <a href=\"" + VisitorSignIn.LOGOUT_PATH + "\">Sign out</a> to use "
                        + "another one.", "");
    }

    static ByteBuf noProvider(ByteBufAllocator alloc, String host) {
        return ErrorPages.page(alloc, 503, "Service Unavailable", "Sign-in unavailable",
                "The socket <b>" + esc(host) + "</b> needs sign-in, and the server has no identity provider set up. "
                        + "Ask its owner to start the server with --oidc-issuer.", "");
    }

    static ByteBuf fromAnotherSite(ByteBufAllocator alloc, String host) {
        return ErrorPages.page(alloc, 403, "Forbidden", "Refused",
                "This was a request from another site to <b>" + esc(host) + "</b>, which admits signed-in visitors "
                        + "only: a page elsewhere may not send forms or open connections to it in your name. Open <a "
                        + "href=\"/\">the socket's page</a> and go on from there.", "");
    }

    static ByteBuf toSignIn(ByteBufAllocator alloc, String location, String setCookie) {
        return answer(alloc, SignInAnswer.redirect(location, setCookie));
    }

    static ByteBuf answer(ByteBufAllocator alloc, SignInAnswer a) {
        StringBuilder headers = new StringBuilder();
        for (String cookie : a.setCookies()) {
            headers.append("Set-Cookie: ").append(cookie).append("\r\n");
        }
        if (a.location() != null) {
            headers.append("Location: ").append(a.location()).append("\r\n");
            return ErrorPages.page(alloc, 302, "Found", "Sign-in", "Continue at <a href=\"" + esc(a.location())
                    + "\">the next step</a>.", headers.toString());
        }
        String html = esc(a.message()) + (a.link() == null ? ""
                : " <a href=\"" + esc(a.link()) + "\">" + esc(a.linkText()) + "</a>");
        return ErrorPages.page(alloc, a.status(), reason(a.status()), esc(a.title()), html, headers.toString());
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

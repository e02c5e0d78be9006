// Who may send this request where: the rules the HTTP front door applies to each request head before anything
// reaches a tunnel (parse errors, Host, target form, names, address limits, allow list, HTTPS-only, guessing).
package dev.portway.server.edge;

import dev.portway.protocol.api.SocketType;
import dev.portway.server.security.FailureLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

final class HttpAdmission {
    private final Edge edge;
    private final String scheme;

    HttpAdmission(Edge edge, String scheme) {
        this.edge = edge;
        this.scheme = scheme;
    }

    /**
     * The socket the request may go to (its target rewritten to origin-form) by the name asked for, the apex domain's
     * sign-in paths (apex), or the page that refuses it.
     */
    record Verdict(EdgeSocket socket, String name, boolean apex, ByteBuf refusal) {
        static Verdict refuse(ByteBuf page) {
            return new Verdict(null, null, false, page);
        }
    }

    /** boundName: the name this connection already serves, or null on its first request. */
    Verdict check(ByteBufAllocator alloc, HttpRequest req, InetAddress visitor, String boundName) {
        if (req.decoderResult().isFailure()) {
            return Verdict.refuse(unparsable(alloc, req.decoderResult().cause()));
        }
        List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
        String host = hosts.isEmpty() ? null : hosts.get(0);
        String name = Hosts.routingName(host);
        if (name == null || hosts.size() > 1) {
            return Verdict.refuse(ErrorPages.badRequest(alloc, name == null ? "The request has no valid Host header."
                    : "The request has more than one Host header."));
        }
        try {
            req.setUri(RequestTarget.originForm(req.uri(), name));
        } catch (IllegalArgumentException e) {
            return Verdict.refuse(ErrorPages.badRequest(alloc, e.getMessage()));
        }
        if (boundName != null && !name.equals(boundName) && !edge.catalog().byName(name)
                .filter(s -> s.dnsName().equals(boundName)).isPresent()) { // a custom domain of its socket may come
            return Verdict.refuse(ErrorPages.page(alloc, 421, "Misdirected Request", "Misdirected request",
                    "This connection already serves another name; open a new connection."));
        }
        // An address that keeps asking for names that do not exist is enumerating them: it waits, for every name.
        String address = visitor.getHostAddress();
        Duration wait = edge.unknownNames().retryAfter(address);
        if (!wait.isZero()) {
            return Verdict.refuse(ErrorPages.tooManyUnknownNames(alloc, FailureLimiter.seconds(wait)));
        }
        EdgeSocket socket = edge.catalog().byName(name).orElse(null);
        if (socket == null && name.equals(edge.signIn().apex())) {
            // The one callback of the whole server, on HTTPS only: the flow's cookie is Secure.
            return scheme.equals("http") ? Verdict.refuse(ErrorPages.redirect(alloc, edge.httpsUrl(host, req.uri())))
                    : new Verdict(null, name, true, null);
        }
        if (socket == null) {
            edge.unknownNames().failed(address);
            return Verdict.refuse(ErrorPages.unknownName(alloc, name));
        }
        if (SocketType.isRaw(socket.type())) {
            return Verdict.refuse(ErrorPages.notHttp(alloc, name, socket.type(), name + ":" + socket.port()));
        }
        if (!socket.access().allows(visitor)) {
            return Verdict.refuse(ErrorPages.forbidden(alloc, name, address));
        }
        // E-mail sign-in's session cookie is Secure: a plain-HTTP visitor would sign in for nothing.
        if (scheme.equals("http") && (socket.type().equals(SocketType.HTTPS) || socket.access().signInByEmail())) {
            return Verdict.refuse(ErrorPages.redirect(alloc, edge.httpsUrl(host, req.uri())));
        }
        // A guesser waits before the KDF runs: wrong passwords cannot keep the blocking pool busy.
        Duration guessing = socket.access().isProtected() ? edge.wrongPasswords().retryAfter(address) : Duration.ZERO;
        if (!guessing.isZero()) {
            return Verdict.refuse(ErrorPages.tooManyWrongPasswords(alloc, FailureLimiter.seconds(guessing)));
        }
        return new Verdict(socket, name, false, null);
    }

    /** A visitor sent credentials that were wrong (a bare first request, answered 401, is no guess). */
    void wrongPassword(InetAddress visitor) {
        edge.wrongPasswords().failed(visitor.getHostAddress());
    }

    private static ByteBuf unparsable(ByteBufAllocator alloc, Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return ErrorPages.page(alloc, 414, "URI Too Long", "Request line too long",
                    "The request line is over " + HttpEdgeInitializer.MAX_LINE + " bytes.");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return ErrorPages.page(alloc, 431, "Request Header Fields Too Large", "Headers too large",
                    "The request headers are over " + HttpEdgeInitializer.MAX_HEADERS + " bytes.");
        }
        return ErrorPages.badRequest(alloc, "The request could not be parsed: " + cause.getMessage());
    }
}

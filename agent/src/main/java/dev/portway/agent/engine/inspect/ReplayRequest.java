// What a replay sends: the captured request, which the inspector may let a person edit first. Checked when made,
// whatever it came from (a capture, a HAR import, a saved set, an edit): OkHttp writes the method as it is, so a
// method or header carrying CR/LF would put a second request on the wire to the local service.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import java.util.List;
import java.util.regex.Pattern;

public record ReplayRequest(String method, String target, List<Exchange.Header> headers, byte[] body) {
    /** RFC 9110's token: what a method and a header's name are made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** IllegalArgumentException saying what is wrong when the method, the path or a header cannot be sent. */
    public ReplayRequest {
        checkMethod(method);
        if (target == null || target.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a path has no blanks or control characters, not \"" + target + "\"");
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
        headers.forEach(ReplayRequest::checkHeader);
        body = body == null ? new byte[0] : body;
    }

    /** The request as it was; refused (IllegalStateException) when its body was too big to be kept whole. */
    public static ReplayRequest of(Exchange e) {
        if (!e.requestBody().whole()) {
            throw new IllegalStateException("the request body was " + e.requestBody().size() + " bytes and only "
                    + e.requestBody().captured().length + " were kept: it cannot be sent again");
        }
        return new ReplayRequest(e.method(), e.target(), e.requestHeaders(), e.requestBody().captured());
    }

    static void checkMethod(String method) {
        if (method == null || !TOKEN.matcher(method).matches()) {
            throw new IllegalArgumentException("a method is a word such as GET or POST, not \"" + method + "\"");
        }
    }

    /** A name that is a token, a value without CR, LF or NUL (which would end the line or the head early). */
    static void checkHeader(Exchange.Header h) {
        if (h.name() == null || !TOKEN.matcher(h.name()).matches()) {
            throw new IllegalArgumentException("not a header name: \"" + h.name() + "\"");
        }
        if (h.value() == null || h.value().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("the value of " + h.name() + " has a line break or NUL in it");
        }
    }
}

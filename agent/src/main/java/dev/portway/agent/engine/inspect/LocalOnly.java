// Answers only requests addressed to this machine's loopback name from the inspector's own page: a web page elsewhere
// cannot read the exchanges through a DNS name rebound to 127.0.0.1 (its Host would be that name), nor replay them
// from another origin, nor (a cross-site <img> or link, which carries no Origin) hold an events slot or turn capture
// on by calling the API.
package dev.portway.agent.engine.inspect;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;

final class LocalOnly extends RequestGate {
    private static final Refused NOT_LOCAL = new Refused(HttpResponseStatus.FORBIDDEN, "not_local",
            "the inspector answers requests to 127.0.0.1 or localhost from its own page only");

    @Override
    Refused check(HttpRequest req) {
        String host = req.headers().get(HttpHeaderNames.HOST, "");
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        boolean foreign = !loopback(host) || origin != null && !origin.equalsIgnoreCase("http://" + host)
                || "cross-site".equalsIgnoreCase(req.headers().get("Sec-Fetch-Site"));
        return foreign ? NOT_LOCAL : null;
    }

    private static boolean loopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        int colon = name.startsWith("[") ? name.indexOf("]:") + 1 : name.lastIndexOf(':');
        name = colon > 0 ? name.substring(0, colon) : name;
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
    }
}

// A request that carries a body (or names a type) must say it is JSON, as the page's calls do: a browser sends a
// cross-origin request of such a type only after asking first (a CORS preflight the inspector never grants), so a
// form or a text/plain fetch from another site cannot post to the API even if its Origin went unchecked.
package dev.portway.agent.engine.inspect;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Locale;

final class JsonBodies extends RequestGate {
    private static final Refused NOT_JSON = new Refused(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type", "send the body as JSON, with Content-Type: application/json");

    @Override
    Refused check(HttpRequest req) {
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        boolean body = HttpUtil.getContentLength(req, 0L) > 0 || HttpUtil.isTransferEncodingChunked(req);
        if (type == null) {
            return body ? NOT_JSON : null;
        }
        return json(type) ? null : NOT_JSON;
    }

    /** application/json, or a +json type such as a HAR's application/har+json; parameters (charset) aside. */
    private static boolean json(String type) {
        int semi = type.indexOf(';');
        String media = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
    }
}

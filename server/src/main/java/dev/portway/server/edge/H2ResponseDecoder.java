// Parses the origin's HTTP/1.1 answer on an HTTP/2 visitor's tunnel stream; the answer to a HEAD has no body
// whatever its Content-Length says. Bodies pass as slices of what came (no copy).
package dev.portway.server.edge;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

final class H2ResponseDecoder extends HttpResponseDecoder {
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 64 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final boolean head;

    H2ResponseDecoder(boolean head) {
        super(MAX_LINE, MAX_HEADERS, MAX_CHUNK);
        this.head = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return head || super.isContentAlwaysEmpty(msg);
    }
}

// Metadata in the HEADERS frame that opens each stream: which socket, what kind, and who the visitor is.
package dev.portway.protocol.link;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;

public record StreamMeta(String kind, String socketId, String visitor, String scheme) {
    public static final String KIND_HTTP = "http";
    public static final String KIND_TCP = "tcp";
    /** A flow of a udp socket: each DATA frame carries datagrams framed by {@link DatagramFrames}. */
    public static final String KIND_UDP = "udp";

    static final String H_KIND = "portway-kind";
    static final String H_SOCKET = "portway-socket";
    static final String H_VISITOR = "portway-visitor";
    static final String H_SCHEME = "portway-scheme";

    public Http2Headers toHeaders() {
        Http2Headers h = new DefaultHttp2Headers()
                .method("POST").scheme("https").path("/").authority("portway");
        h.set(H_KIND, kind);
        h.set(H_SOCKET, socketId);
        h.set(H_VISITOR, visitor);
        h.set(H_SCHEME, scheme);
        return h;
    }

    public static StreamMeta fromHeaders(Http2Headers h) {
        return new StreamMeta(str(h, H_KIND, KIND_TCP), str(h, H_SOCKET, ""), str(h, H_VISITOR, ""),
                str(h, H_SCHEME, "tcp"));
    }

    public boolean isHttp() {
        return KIND_HTTP.equals(kind);
    }

    public boolean isUdp() {
        return KIND_UDP.equals(kind);
    }

    static String str(Http2Headers h, String name, String fallback) {
        CharSequence v = h.get(name);
        return v == null ? fallback : v.toString();
    }
}

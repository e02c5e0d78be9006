// The agent's answer on a stream: "connected to the local service" or why it could not connect.
package dev.portway.protocol.link;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;

public record StreamReply(boolean connected, String error) {
    static final String H_ERROR = "portway-error";

    public static StreamReply connectedReply() {
        return new StreamReply(true, null);
    }

    public static StreamReply failed(String error) {
        return new StreamReply(false, error);
    }

    public Http2Headers toHeaders() {
        Http2Headers h = new DefaultHttp2Headers().status(connected ? "200" : "502");
        if (error != null) {
            h.set(H_ERROR, error);
        }
        return h;
    }

    public static StreamReply fromHeaders(Http2Headers h) {
        boolean ok = h.status() != null && "200".contentEquals(h.status());
        return new StreamReply(ok, StreamMeta.str(h, H_ERROR, ok ? null : "agent refused the stream"));
    }
}

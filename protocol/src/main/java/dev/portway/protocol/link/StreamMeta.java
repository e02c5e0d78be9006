// Metadata in the HEADERS frame that opens each stream: which socket, what kind, and who the visitor is.
package dev.portway.protocol.link;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.regex.Pattern;

/**
 * sni: the name a tls socket's visitor asked for in its ClientHello (lower case, no trailing dot), so the agent can
 * show it; null for every other kind, and from an edge that does not send it (an agent that does not know the header
 * ignores it).
 */
public record StreamMeta(String kind, String socketId, String visitor, String scheme, String sni) {
    public static final String KIND_HTTP = "http";
    public static final String KIND_TCP = "tcp";
    /** A flow of a udp socket: each DATA frame carries datagrams framed by {@link DatagramFrames}. */
    public static final String KIND_UDP = "udp";
    /** A DNS name's longest text form. */
    public static final int MAX_SNI = 253;
    /** Labels of letters, digits, hyphens and underscores (seen in the wild), 1 to 63 each, dot-separated. */
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?i)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*");

    static final String H_KIND = "portway-kind";
    static final String H_SOCKET = "portway-socket";
    static final String H_VISITOR = "portway-visitor";
    static final String H_SCHEME = "portway-scheme";
    static final String H_SNI = "portway-sni";

    /** A stream without an SNI name: http, tcp, udp (and tls from a dedicated port). */
    public StreamMeta(String kind, String socketId, String visitor, String scheme) {
        this(kind, socketId, visitor, scheme, null);
    }

    public StreamMeta {
        if (sni != null && !isHostname(sni)) {
            throw new IllegalArgumentException("not a host name: " + sni);
        }
    }

    public Http2Headers toHeaders() {
        Http2Headers h = new DefaultHttp2Headers()
                .method("POST").scheme("https").path("/").authority("portway");
        h.set(H_KIND, kind);
        h.set(H_SOCKET, socketId);
        h.set(H_VISITOR, visitor);
        h.set(H_SCHEME, scheme);
        if (sni != null) {
            h.set(H_SNI, sni);
        }
        return h;
    }

    /** An SNI name that is not a host name (from a faulty or hostile peer) is left out, not trusted. */
    public static StreamMeta fromHeaders(Http2Headers h) {
        String sni = str(h, H_SNI, null);
        return new StreamMeta(str(h, H_KIND, KIND_TCP), str(h, H_SOCKET, ""), str(h, H_VISITOR, ""),
                str(h, H_SCHEME, "tcp"), sni != null && isHostname(sni) ? sni : null);
    }

    /** Whether s is a host name of at most MAX_SNI characters: what an SNI name must be. */
    public static boolean isHostname(String s) {
        return s != null && !s.isEmpty() && s.length() <= MAX_SNI && HOSTNAME.matcher(s).matches();
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

// How the inspector's JSON API and events show a tcp or tls connection or a udp flow (docs/inspector.md).
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Connection;
import dev.portway.protocol.link.StreamMeta;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

final class ConnectionJson {
    private ConnectionJson() {
    }

    /** Nulls (sni, failure) are left out by the writer; datagram counts only for a udp flow. */
    static Map<String, Object> of(Connection c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", c.id());
        o.put("type", c.type());
        o.put("visitor", c.visitor());
        o.put("socket_id", c.socketId());
        o.put("state", c.state().name().toLowerCase(Locale.ROOT));
        o.put("started", c.started().toString());
        o.put("duration_ms", c.durationMillis());
        o.put("bytes_in", c.bytesIn());
        o.put("bytes_out", c.bytesOut());
        if (StreamMeta.KIND_UDP.equals(c.type())) {
            o.put("datagrams_in", c.datagramsIn());
            o.put("datagrams_out", c.datagramsOut());
        }
        o.put("sni", c.sni());
        o.put("failure", c.failure());
        return o;
    }
}

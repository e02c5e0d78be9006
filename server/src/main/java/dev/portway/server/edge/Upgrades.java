// Which protocol upgrades a visitor may ask the origin for: a WebSocket only. Any other (h2c above all) would turn
// the connection into bytes the edge no longer reads, past its Host check and its identity headers, so the request
// goes on without its upgrade headers and the origin answers it as plain HTTP/1.1.
package dev.portway.server.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

final class Upgrades {
    private static final String HTTP2_SETTINGS = "HTTP2-Settings";

    private Upgrades() {
    }

    /** Whether the request asks for any upgrade at all (an Upgrade header, or "upgrade" in Connection). */
    static boolean asked(HttpHeaders h) {
        return h.contains(HttpHeaderNames.UPGRADE)
                || h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /** Whether the request asks for a WebSocket: "upgrade" in Connection and Upgrade exactly "websocket". */
    static boolean webSocket(HttpHeaders h) {
        List<String> upgrade = h.getAll(HttpHeaderNames.UPGRADE);
        return h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true) && upgrade.size() == 1
                && upgrade.get(0).strip().equalsIgnoreCase(HttpHeaderValues.WEBSOCKET.toString());
    }

    /**
     * Leaves a WebSocket request as it is (true); strips any other upgrade (Upgrade, HTTP2-Settings and the upgrade
     * token of Connection) so that no answer to it can be a 101 (false).
     */
    static boolean keepWebSocketOnly(HttpHeaders h) {
        if (!asked(h)) {
            return false; // most requests: their headers pass as they came, in order and spelling
        }
        if (webSocket(h)) {
            return true;
        }
        h.remove(HttpHeaderNames.UPGRADE);
        h.remove(HTTP2_SETTINGS);
        List<String> connection = h.getAll(HttpHeaderNames.CONNECTION);
        if (connection.isEmpty()) {
            return false;
        }
        List<String> kept = new ArrayList<>();
        for (String value : connection) {
            for (String token : value.split(",")) {
                String t = token.strip();
                if (!t.isEmpty() && !t.equalsIgnoreCase("upgrade") && !t.equalsIgnoreCase(HTTP2_SETTINGS)) {
                    kept.add(t);
                }
            }
        }
        h.remove(HttpHeaderNames.CONNECTION);
        if (!kept.isEmpty()) {
            h.set(HttpHeaderNames.CONNECTION, String.join(", ", kept));
        }
        return false;
    }
}

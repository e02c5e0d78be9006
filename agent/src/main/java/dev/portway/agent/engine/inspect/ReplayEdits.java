// The edits a POST /api/exchanges/{id}/replay may carry ({"method", "path", "headers", "body"}, each optional),
// applied to the captured request.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.protocol.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class ReplayEdits {
    private ReplayEdits() {
    }

    /**
     * The request to send: the captured one with the edits in json (blank: none). headers: a list of {"name",
     * "value"} or an object of name to value, replacing all of the captured ones. IllegalArgumentException: bad.
     */
    static ReplayRequest apply(ReplayRequest captured, String json) {
        if (json.isBlank()) {
            return captured;
        }
        if (!(JsonReader.parse(json) instanceof Map<?, ?> edits)) {
            throw new IllegalArgumentException("the edits are a JSON object: {\"method\", \"path\", \"headers\","
                    + " \"body\"}");
        }
        String method = string(edits, "method", captured.method());
        String path = string(edits, "path", captured.target());
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("path starts with / and has no blanks, not \"" + path + "\"");
        }
        List<Exchange.Header> headers = edits.containsKey("headers") ? headers(edits.get("headers"))
                : captured.headers();
        byte[] body = edits.containsKey("body") ? string(edits, "body", "").getBytes(StandardCharsets.UTF_8)
                : captured.body();
        return new ReplayRequest(method.toUpperCase(java.util.Locale.ROOT), path, headers, body);
    }

    private static List<Exchange.Header> headers(Object value) {
        List<Exchange.Header> out = new ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.add(new Exchange.Header(k.toString(), text(v, "a header's value"))));
        } else if (value instanceof List<?> list) {
            for (Object h : list) {
                if (!(h instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
                    throw new IllegalArgumentException("each header is {\"name\": …, \"value\": …}");
                }
                out.add(new Exchange.Header(name, text(m.get("value"), "a header's value")));
            }
        } else {
            throw new IllegalArgumentException("headers is a list of {\"name\", \"value\"} or an object");
        }
        return out;
    }

    private static String string(Map<?, ?> edits, String key, String otherwise) {
        Object v = edits.get(key);
        return v == null ? otherwise : text(v, key);
    }

    private static String text(Object v, String what) {
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(what + " is a string");
    }
}

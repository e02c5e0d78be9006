// The edits a POST /api/exchanges/{id}/replay may carry ({"method", "path", "headers", "body"}, each optional),
// applied to the captured request. An editor shows secrets hidden: a value left in its hidden form means "send the
// captured one", worked out here for the page and the app alike.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.protocol.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class ReplayEdits {
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
        return unhidden(captured, new ReplayRequest(method.toUpperCase(Locale.ROOT), path, headers, body));
    }

    /**
     * The edited request with each value still in its hidden form (Redactor) replaced by the captured value: a
     * header whose value is the hidden form of the captured header of that name and rank (two identical hidden
     * Cookie lines send the two captured ones); in the path, each query parameter NAME=[redacted] by the captured
     * parameter of that name and rank, so editing another parameter keeps the secret.
     */
    public static ReplayRequest unhidden(ReplayRequest captured, ReplayRequest edited) {
        return new ReplayRequest(edited.method(), target(captured.target(), edited.target()),
                headers(captured.headers(), edited.headers()), edited.body());
    }

    /** Matched with the captured header of that name and rank, else the first of that name still unmatched. */
    private static List<Exchange.Header> headers(List<Exchange.Header> raw, List<Exchange.Header> edited) {
        Map<String, Integer> rank = new HashMap<>();
        boolean[] used = new boolean[raw.size()];
        List<Exchange.Header> out = new ArrayList<>(edited.size());
        for (Exchange.Header h : edited) {
            int n = rank.merge(h.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            List<Integer> named = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i).name().equalsIgnoreCase(h.name())) {
                    named.add(i);
                }
            }
            int match;
            if (n <= named.size() && !used[named.get(n - 1)] && hides(raw.get(named.get(n - 1)), h.value())) {
                match = named.get(n - 1);
            } else {
                match = named.stream().filter(i -> !used[i] && hides(raw.get(i), h.value())).findFirst().orElse(-1);
            }
            if (match >= 0) {
                used[match] = true;
            }
            out.add(match >= 0 ? raw.get(match) : h);
        }
        return out;
    }

    /** Whether shown is the hidden form of the captured header (and not its own value: nothing to put back). */
    private static boolean hides(Exchange.Header captured, String shown) {
        return !captured.value().equals(shown) && shown.equals(Redactor.header(captured.name(), captured.value()));
    }

    private static String target(String raw, String edited) {
        int mark = edited.indexOf('?');
        if (mark < 0 || !edited.contains(Redactor.MARKER)) {
            return edited;
        }
        int hash = edited.indexOf('#', mark);
        String query = hash < 0 ? edited.substring(mark + 1) : edited.substring(mark + 1, hash);
        int rawMark = raw.indexOf('?');
        int rawHash = raw.indexOf('#', Math.max(rawMark, 0));
        List<String> rawPairs = rawMark < 0 ? List.of() : List.of((rawHash < 0 ? raw.substring(rawMark + 1)
                : raw.substring(rawMark + 1, rawHash)).split("&", -1));
        Map<String, Integer> rank = new HashMap<>();
        StringBuilder out = new StringBuilder(edited.length()).append(edited, 0, mark + 1);
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair + "=" : pair.substring(0, eq + 1);
            int n = rank.merge(name, 1, Integer::sum);
            if (eq >= 0 && pair.substring(eq + 1).equals(Redactor.MARKER)) {
                pair = rawPairs.stream().filter(r -> r.startsWith(name)).skip(n - 1L).findFirst().orElse(pair);
            }
            out.append(i > 0 ? "&" : "").append(pair);
        }
        return hash < 0 ? out.toString() : out.append(edited, hash, edited.length()).toString();
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

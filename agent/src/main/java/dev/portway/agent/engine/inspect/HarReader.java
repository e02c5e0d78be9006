// Reads a HAR 1.2 log (Portway's own export, a browser's) back into exchanges to inspect and replay; plain JSON
// reading, so an import does not load Jackson into an agent.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.protocol.json.JsonReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class HarReader {
    private HarReader() {
    }

    /** The log's entries, oldest first, with ids 0 (the log gives them theirs); IllegalArgumentException saying why. */
    public static List<Exchange> read(String text) {
        Object root = JsonReader.parse(text);
        Object entries = root instanceof Map<?, ?> m && m.get("log") instanceof Map<?, ?> log ? log.get("entries")
                : null;
        if (!(entries instanceof List<?> list)) {
            throw new IllegalArgumentException("not a HAR log: no log.entries list");
        }
        List<Exchange> out = new ArrayList<>();
        for (Object entry : list) {
            out.add(entry(object(entry, "an entry")));
        }
        return out;
    }

    private static Exchange entry(Map<?, ?> entry) {
        Map<?, ?> req = object(entry.get("request"), "an entry's request");
        Map<?, ?> res = entry.get("response") == null ? Map.of() : object(entry.get("response"), "a response");
        String method = string(req.get("method"), "GET");
        ReplayRequest.checkMethod(method);
        String target = target(string(req.get("url"), "/"));
        Map<?, ?> post = req.get("postData") instanceof Map<?, ?> p ? p : Map.of();
        byte[] sent = body(post);
        // A body cut at capture is saved cut: it says so (bodySize), so a replay refuses it rather than send it short.
        long sentSize = req.get("bodySize") instanceof Number n && n.longValue() > sent.length ? n.longValue()
                : sent.length;
        Map<?, ?> content = res.get("content") instanceof Map<?, ?> c ? c : Map.of();
        byte[] got = body(content);
        long gotSize = content.get("size") instanceof Number n && n.longValue() >= got.length ? n.longValue()
                : got.length;
        int status = res.get("status") instanceof Number n ? n.intValue() : 0;
        long time = entry.get("time") instanceof Number n ? n.longValue() : 0;
        return new Exchange(0, start(entry.get("startedDateTime")), status > 0 ? Exchange.State.DONE
                : Exchange.State.FAILED, method, target, string(req.get("httpVersion"), "HTTP/1.1"),
                requestHeaders(req.get("headers")), new Body(sent, sentSize), status,
                string(res.get("statusText"), null), headers(res.get("headers")), new Body(got, gotSize), time,
                status > 0 ? null : string(entry.get("comment"), "no response in the HAR"), 0, 0);
    }

    /** A response's content or a request's postData: its text, or its bytes when it says "encoding": "base64". */
    private static byte[] body(Map<?, ?> content) {
        String text = string(content.get("text"), "");
        if ("base64".equals(content.get("encoding"))) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a body's base64 text is not base64");
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The path and query of the URL: a replay goes to the local service, not to the host the HAR names. */
    private static String target(String url) {
        if (url.startsWith("/")) {
            return url;
        }
        try {
            URI u = new URI(url);
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        } catch (java.net.URISyntaxException e) {
            // A visitor's path need not be a valid URI ("/<img src=x>"): the HAR writer keeps it as it came.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/]*(/.*)?")
                    .matcher(url);
            if (m.matches()) {
                return m.group(1) == null ? "/" : m.group(1);
            }
            throw new IllegalArgumentException("a request's url is not a URL: " + url);
        }
    }

    private static Instant start(Object value) {
        if (value instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException again) {
                    throw new IllegalArgumentException("startedDateTime is not a date: " + s);
                }
            }
        }
        return Instant.EPOCH;
    }

    /**
     * Those a replay may send: HTTP/2's pseudo-headers (":authority", a browser's HAR has them) and the hop-by-hop
     * ones the client sets itself are dropped; any other that could not be sent is refused here, at the import.
     */
    private static List<Exchange.Header> requestHeaders(Object value) {
        List<Exchange.Header> out = new ArrayList<>();
        for (Exchange.Header h : headers(value)) {
            if (!Replay.NOT_COPIED.contains(h.name().toLowerCase(Locale.ROOT))) {
                ReplayRequest.checkHeader(h);
                out.add(h);
            }
        }
        return out;
    }

    private static List<Exchange.Header> headers(Object value) {
        List<Exchange.Header> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object h : list) {
                Map<?, ?> m = object(h, "a header");
                String name = string(m.get("name"), "");
                if (!name.startsWith(":")) {
                    out.add(new Exchange.Header(name, string(m.get("value"), "")));
                }
            }
        }
        return out;
    }

    private static Map<?, ?> object(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    private static String string(Object value, String otherwise) {
        return value instanceof String s ? s : otherwise;
    }
}

// How the inspector's JSON API shows an exchange: a summary for the list and the events, the whole of it for its
// detail (heads and bodies as captured: text as it is, anything else in base64).
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

final class ExchangeJson {
    private ExchangeJson() {
    }

    static Map<String, Object> summary(Exchange e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", e.id());
        o.put("state", e.state().name().toLowerCase(Locale.ROOT));
        o.put("method", e.method());
        o.put("path", e.path());
        o.put("status", e.status());
        o.put("started", e.start().toString());
        o.put("duration_ms", e.durationMillis());
        o.put("request_bytes", e.requestBody().size());
        o.put("response_bytes", e.responseBody().size());
        o.put("content_type", e.responseHeader("content-type").orElse(null));
        o.put("failure", e.failure());
        return o;
    }

    /** The summary with what the log knows of it: replay_of (the id it replays, or null) and imported. */
    static Map<String, Object> summary(Exchange e, ExchangeLog log) {
        Map<String, Object> o = summary(e);
        OptionalLong of = log.replayOf(e.id());
        o.put("replay_of", of.isPresent() ? of.getAsLong() : null);
        o.put("imported", log.imported(e.id()));
        return o;
    }

    static Map<String, Object> detail(Exchange e, ExchangeLog log) {
        Map<String, Object> o = detail(e);
        o.putAll(summary(e, log));
        return o;
    }

    static Map<String, Object> detail(Exchange e) {
        Map<String, Object> o = summary(e);
        o.put("http_version", e.httpVersion());
        o.put("reason", e.reason());
        o.put("request_headers", headers(e.requestHeaders()));
        o.put("request_body", body(e.requestBody()));
        o.put("response_headers", headers(e.responseHeaders()));
        o.put("response_body", body(e.responseBody()));
        if (e.upgraded()) {
            o.put("upgraded_bytes_in", e.upgradedBytesIn());
            o.put("upgraded_bytes_out", e.upgradedBytesOut());
        }
        return o;
    }

    /** {"from","to","changed","status_changed","body_changed","lines":[{"op","text"}]}: op " ", "-" or "+". */
    static Map<String, Object> diff(long from, long to, ExchangeDiff d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("from", from);
        o.put("to", to);
        changes(d, o);
        List<Map<String, Object>> lines = new ArrayList<>(d.lines().size());
        d.lines().forEach(l -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("op", String.valueOf(l.op()));
            one.put("text", l.text());
            lines.add(one);
        });
        o.put("lines", lines);
        return o;
    }

    /** "changed", "status_changed", "body_changed" into o. */
    static void changes(ExchangeDiff d, Map<String, Object> o) {
        o.put("changed", d.changed());
        o.put("status_changed", d.statusChanged());
        o.put("body_changed", d.bodyChanged());
    }

    private static List<Map<String, Object>> headers(List<Exchange.Header> headers) {
        List<Map<String, Object>> out = new ArrayList<>();
        headers.forEach(h -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", h.name());
            one.put("value", h.value());
            out.add(one);
        });
        return out;
    }

    /** {"size", "captured", "text"} or, when the bytes are not UTF-8, {"size", "captured", "base64"}. */
    private static Map<String, Object> body(Body b) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("size", b.size());
        o.put("captured", b.captured().length);
        o.put("cut_at", b.whole() ? null : b.cutAt()); // where the capture stopped; null: the body is whole
        try {
            o.put("text", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b.captured())).toString());
        } catch (CharacterCodingException notText) {
            o.put("base64", Base64.getEncoder().encodeToString(b.captured()));
        }
        return o;
    }
}

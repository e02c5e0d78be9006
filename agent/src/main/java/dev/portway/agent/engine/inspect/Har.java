// Writes exchanges as a HAR 1.2 log, the format browsers' developer tools import.
package dev.portway.agent.engine.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.protocol.Version;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

public final class Har {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Har() {
    }

    /** The exchanges that ended (pending ones have nothing to show yet), oldest first, their secrets hidden. */
    public static String write(List<Exchange> exchanges) {
        return write(exchanges, true);
    }

    /** redact false: the raw values, credentials and all, for a person who asked for them explicitly. */
    public static String write(List<Exchange> exchanges, boolean redact) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode log = root.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "Portway").put("version", Version.PRODUCT);
        ArrayNode entries = log.putArray("entries");
        exchanges.stream().filter(e -> e.state() != Exchange.State.PENDING)
                .forEach(e -> entries.add(entry(redact ? e.redacted() : e)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode entry(Exchange e) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("startedDateTime", e.start().toString());
        entry.put("time", e.durationMillis());
        ObjectNode req = entry.putObject("request");
        req.put("method", e.method());
        req.put("url", url(e));
        req.put("httpVersion", e.httpVersion());
        req.set("headers", headers(e.requestHeaders()));
        req.set("queryString", query(e));
        req.putArray("cookies");
        req.put("headersSize", -1);
        req.put("bodySize", e.requestBody().size());
        if (e.requestBody().size() > 0) {
            ObjectNode post = req.putObject("postData");
            post.put("mimeType", e.requestHeader("content-type").orElse("application/octet-stream"));
            text(e.requestBody(), post);
        }
        ObjectNode res = entry.putObject("response");
        res.put("status", e.status());
        res.put("statusText", e.reason() == null ? "" : e.reason());
        res.put("httpVersion", e.httpVersion());
        res.set("headers", headers(e.responseHeaders()));
        res.putArray("cookies");
        ObjectNode content = res.putObject("content");
        content.put("size", e.responseBody().size());
        content.put("mimeType", e.responseHeader("content-type").orElse(""));
        text(e.responseBody(), content);
        res.put("redirectURL", e.responseHeader("location").orElse(""));
        res.put("headersSize", -1);
        res.put("bodySize", e.responseBody().size());
        if (e.failure() != null) {
            entry.put("comment", e.failure());
        }
        entry.putObject("cache");
        entry.putObject("timings").put("send", 0).put("wait", e.durationMillis()).put("receive", 0);
        return entry;
    }

    /**
     * Text as it is, anything else in base64 with "encoding" saying so, as HAR 1.2 has it for a response's content
     * (and readers tolerate in a request's postData: a binary request body survives a saved set); only what was kept.
     */
    private static void text(Body body, ObjectNode content) {
        if (body.captured().length == 0) {
            return;
        }
        try {
            content.put("text", StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(body.captured())).toString());
        } catch (CharacterCodingException notText) {
            content.put("text", Base64.getEncoder().encodeToString(body.captured()));
            content.put("encoding", "base64");
        }
        if (!body.whole()) {
            content.put("comment", "only the first " + body.captured().length + " bytes were kept");
        }
    }

    /** The URL the visitor asked for: the edge's forwarding headers say the scheme and the name. */
    private static String url(Exchange e) {
        String scheme = e.requestHeader("x-forwarded-proto").orElse("http");
        String host = e.requestHeader("x-forwarded-host").or(() -> e.requestHeader("host")).orElse("localhost");
        return scheme + "://" + host + (e.target().startsWith("/") ? e.target() : "/" + e.target());
    }

    private static ArrayNode headers(List<Exchange.Header> headers) {
        ArrayNode all = JSON.createArrayNode();
        headers.forEach(h -> all.addObject().put("name", h.name()).put("value", h.value()));
        return all;
    }

    private static ArrayNode query(Exchange e) {
        ArrayNode all = JSON.createArrayNode();
        int mark = e.target().indexOf('?');
        String q = mark < 0 ? null : e.target().substring(mark + 1);
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                all.addObject().put("name", eq < 0 ? pair : pair.substring(0, eq))
                        .put("value", eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return all;
    }
}

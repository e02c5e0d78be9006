// The words and text forms of an exchange the inspector shows: heads as on the wire, a one-line summary, timings,
// and a body as text (JSON formatted), or as size and hex when it is not text.
package dev.portway.desktop.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.Sizes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

final class ExchangeTexts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    /** Hex of a binary body: enough to recognise a format, not a dump of 64 KiB. */
    static final int HEX_BYTES = 512;

    private ExchangeTexts() {
    }

    static String requestHead(Exchange e) {
        return e.method() + " " + e.target() + " " + e.httpVersion() + "\n" + headers(e.requestHeaders());
    }

    static String responseHead(Exchange e) {
        if (e.state() == Exchange.State.PENDING && e.status() == 0) {
            return "(waiting for the local service)";
        }
        if (e.responseHeaders().isEmpty() && e.state() == Exchange.State.FAILED) {
            return e.status() > 0 ? e.status() + " from the edge: the local service gave no answer" : "(no answer)";
        }
        return e.httpVersion() + " " + e.status() + (e.reason() == null ? "" : " " + e.reason()) + "\n"
                + headers(e.responseHeaders());
    }

    private static String headers(List<Exchange.Header> headers) {
        StringBuilder s = new StringBuilder();
        headers.forEach(h -> s.append(h.name()).append(": ").append(h.value()).append('\n'));
        return s.toString();
    }

    /** "POST /echo → 200 OK" */
    static String summary(Exchange e) {
        String answer = switch (e.state()) {
            case PENDING -> "waiting…";
            case FAILED -> (e.status() > 0 ? e.status() + " " : "") + "failed";
            case DONE -> e.status() + (e.reason() == null ? "" : " " + e.reason());
        };
        return e.method() + " " + e.target() + " → " + answer;
    }

    /** When it came, how long it took, the sizes, and (an upgrade) what passed until it closed. */
    static String timings(Exchange e) {
        String s = "Started " + TIME.format(e.start()) + (e.state() == Exchange.State.PENDING ? " · in flight"
                : " · took " + e.durationMillis() + " ms") + " · request " + size(e.requestBody().size())
                + " · response " + size(e.responseBody().size());
        if (e.upgraded()) {
            s += " · upgraded: " + size(e.upgradedBytesIn()) + " in, " + size(e.upgradedBytesOut())
                    + " out" + (e.state() == Exchange.State.PENDING ? " so far" : " until it closed");
        }
        return s;
    }

    /** "92 B" that a wrapped line does not split. */
    private static String size(long bytes) {
        return Sizes.human(bytes).replace(' ', '\u00a0');
    }

    /** The body as the details show it: formatted JSON, text as is, or size and hex of the first bytes. */
    static String body(Body body, String contentType) {
        if (body.size() == 0) {
            return "(no body)";
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String cut = body.whole() ? "" : "(the first " + Sizes.human(body.captured().length) + " of "
                + Sizes.human(body.size()) + "; the rest was counted, not kept)\n";
        if (body.captured().length == 0) {
            return Sizes.human(body.size()) + " (capture was off: not kept)";
        }
        if (type.startsWith("image/")) {
            return cut + type + ", " + Sizes.human(body.size());
        }
        String text = text(body.captured());
        if (text == null) {
            return cut + Sizes.human(body.size()) + " of binary" + (type.isEmpty() ? "" : " (" + type + ")") + "\n"
                    + hex(body.captured());
        }
        if (type.contains("json") && body.whole()) {
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text));
            } catch (java.io.IOException notJson) {
                return text; // said it was JSON but is not: shown as it came
            }
        }
        return cut + text;
    }

    /** UTF-8 text, or null for bytes that are not (a cut may split a character at the end: that is still text). */
    private static String text(byte[] bytes) {
        for (int trim = 0; trim < 4 && trim < bytes.length; trim++) {
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(bytes, 0, bytes.length - trim)).toString();
                return s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t') ? null : s;
            } catch (CharacterCodingException e) {
                // try without the last bytes
            }
        }
        return null;
    }

    /** "00000000  89 50 4e 47 …  .PNG…" lines of 16 bytes. */
    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        int n = Math.min(bytes.length, HEX_BYTES);
        for (int row = 0; row < n; row += 16) {
            s.append(String.format(Locale.ROOT, "%08x  ", row));
            StringBuilder ascii = new StringBuilder();
            for (int i = row; i < row + 16; i++) {
                if (i < n) {
                    int b = bytes[i] & 0xff;
                    s.append(String.format(Locale.ROOT, "%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    s.append("   ");
                }
            }
            s.append(' ').append(ascii).append('\n');
        }
        if (bytes.length > n) {
            s.append("… ").append(Sizes.human(bytes.length - n)).append(" more\n");
        }
        return s.toString();
    }
}

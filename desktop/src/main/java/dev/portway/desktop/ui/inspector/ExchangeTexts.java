// The words and text forms of an exchange the inspector shows: heads as on the wire, a one-line summary, timings,
// and a body as text (JSON formatted), or as size and hex when it is not text.
package dev.portway.desktop.ui.inspector;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.Sizes;
import dev.portway.agent.engine.inspect.BodyText;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

final class ExchangeTexts {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

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

    /** The body as the details show it (BodyText: the same as the web page's diff). */
    static String body(Body body, String contentType) {
        return BodyText.of(body, contentType);
    }
}

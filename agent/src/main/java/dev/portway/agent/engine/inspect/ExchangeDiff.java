// How a replay's answer differs from the original's: the two responses as text (status line, headers, body as
// BodyText shows it, secrets hidden) diffed line by line. "Changed" means the status code or the body differs: headers
// such as Date change on every answer and would mark every replay of a saved set as changed.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import java.util.List;

public record ExchangeDiff(List<TextDiff.Line> lines, boolean statusChanged, boolean bodyChanged) {

    public ExchangeDiff {
        lines = List.copyOf(lines);
    }

    public static ExchangeDiff of(Exchange original, Exchange replayed) {
        Exchange a = original.redacted();
        Exchange b = replayed.redacted();
        return new ExchangeDiff(TextDiff.lines(response(a), response(b)), !status(a).equals(status(b)),
                !body(a).equals(body(b)));
    }

    public boolean changed() {
        return statusChanged || bodyChanged;
    }

    /** The response as the diff compares it. */
    static String response(Exchange e) {
        StringBuilder s = new StringBuilder(statusLine(e)).append('\n');
        e.responseHeaders().forEach(h -> s.append(h.name()).append(": ").append(h.value()).append('\n'));
        return s.append('\n').append(body(e)).toString();
    }

    /**
     * What "status changed" compares: the code (or the failure), not the version (an HTTP/2 HAR replays over
     * HTTP/1.1) nor the reason phrase (HTTP/2 has none).
     */
    private static String status(Exchange e) {
        return e.state() == Exchange.State.FAILED ? "failed: " + e.failure() : String.valueOf(e.status());
    }

    private static String statusLine(Exchange e) {
        if (e.state() == Exchange.State.FAILED) {
            return "failed: " + e.failure();
        }
        String reason = e.reason() == null || e.reason().isEmpty() ? "" : " " + e.reason();
        return e.httpVersion() + " " + e.status() + reason;
    }

    private static String body(Exchange e) {
        return BodyText.of(e.responseBody(), e.responseHeader("content-type").orElse(null));
    }
}

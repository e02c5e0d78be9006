// Whether an exchange holds a piece of text: in its method, target, status, a header, or the captured text of either
// body, ignoring case. It looks at what the page and the app show (secrets hidden), so a search cannot be used to
// guess a redacted value.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import java.util.List;
import java.util.Locale;

public final class ExchangeSearch {
    private ExchangeSearch() {
    }

    /** A blank needle matches everything. */
    public static boolean matches(Exchange e, String needle) {
        if (needle == null || needle.isBlank()) {
            return true;
        }
        String n = needle.strip().toLowerCase(Locale.ROOT);
        Exchange shown = e.redacted();
        return has(shown.method(), n) || has(shown.target(), n) || has(Integer.toString(shown.status()), n)
                || has(shown.requestHeaders(), n) || has(shown.responseHeaders(), n)
                || has(shown.requestBody(), n) || has(shown.responseBody(), n);
    }

    private static boolean has(List<Exchange.Header> headers, String n) {
        return headers.stream().anyMatch(h -> has(h.name() + ": " + h.value(), n));
    }

    private static boolean has(Body body, String n) {
        String text = BodyText.text(body.captured());
        return text != null && has(text, n);
    }

    private static boolean has(String s, String n) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(n);
    }
}

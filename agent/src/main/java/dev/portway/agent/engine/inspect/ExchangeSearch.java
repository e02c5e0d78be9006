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
        return needle == null || needle.isBlank() || text(e).contains(needle(needle));
    }

    /** The needle as text(e) is searched for: stripped, lower case. */
    public static String needle(String needle) {
        return needle.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * What a search looks in, lower case, one field after another (a NUL between two, so a needle cannot span
     * them): a caller that searches the same snapshot again and again keeps it.
     */
    public static String text(Exchange e) {
        Exchange shown = e.redacted();
        StringBuilder all = new StringBuilder(256).append(shown.method()).append('\0').append(shown.target())
                .append('\0').append(shown.status());
        add(all, shown.requestHeaders());
        add(all, shown.responseHeaders());
        add(all, shown.requestBody());
        add(all, shown.responseBody());
        return all.toString().toLowerCase(Locale.ROOT);
    }

    private static void add(StringBuilder all, List<Exchange.Header> headers) {
        headers.forEach(h -> all.append('\0').append(h.name()).append(": ").append(h.value()));
    }

    private static void add(StringBuilder all, Body body) {
        String text = BodyText.text(body.captured());
        if (text != null) {
            all.append('\0').append(text);
        }
    }
}

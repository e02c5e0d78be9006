// Reads how long idle connections to a tunnel's local HTTP service are kept (--origin-idle-timeout, the config's
// origin_idle_timeout): seconds ("4", "2.5"), or with a unit ("500ms", "4s"); 0 keeps none.
package dev.portway.agent.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class OriginIdleTimeout {
    private static final Pattern VALUE = Pattern.compile("(\\d{1,6}(?:\\.\\d{1,3})?)\\s*(ms|s)?");
    /** Longer than any origin keeps an idle connection: kept longer, the origin would only close it first. */
    private static final Duration MAX = Duration.ofMinutes(10);

    private OriginIdleTimeout() {
    }

    /**
     * The value as a LocalTarget's originIdleTimeout takes it; null for none given (the default).
     *
     * @throws IllegalArgumentException with a sentence saying what is accepted
     */
    public static Duration parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = VALUE.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + value.strip() + "\" is not a time such as 4s, 500ms or 0");
        }
        double amount = Double.parseDouble(m.group(1));
        Duration d = Duration.ofMillis(Math.round("ms".equals(m.group(2)) ? amount : amount * 1000));
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("at most " + MAX.toMinutes() + " minutes, not " + value.strip());
        }
        return d;
    }

    /** As the config file writes it back: milliseconds, or whole seconds. */
    public static String format(Duration d) {
        return d == null ? null : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}

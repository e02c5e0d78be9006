// How many accounts one client address may open per period: --signup-rate, written COUNT/UNIT like "5/h" (and
// --certificate-rate, new certificate orders per account, in the same syntax).
package dev.portway.server.security;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** unit: second, minute, hour or day, as a message says it. */
public record SignupRate(int count, Duration per, String unit) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,6})/([smhd])");
    private static final Map<String, String> UNITS = Map.of("s", "second", "m", "minute", "h", "hour", "d", "day");
    private static final Map<String, Duration> PERIODS = Map.of("s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1), "h", Duration.ofHours(1), "d", Duration.ofDays(1));
    /** After the tables parse() reads. */
    public static final SignupRate DEFAULT = parse("5/h");

    /** "5/h": five per hour; units s, m, h, d. Throws IllegalArgumentException with a one-line reason. */
    public static SignupRate parse(String text) {
        return parse(text, "--signup-rate takes sign-ups per address like 5/h");
    }

    /** As parse(text), for another flag of the same syntax: usage says which and what it counts. */
    public static SignupRate parse(String text, String usage) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new IllegalArgumentException(usage + " (a whole number from 1, then /s, /m, /h or /d), not \""
                    + text + "\"");
        }
        return new SignupRate(Integer.parseInt(m.group(1)), PERIODS.get(m.group(2)), UNITS.get(m.group(2)));
    }

    /** "5 per hour". */
    @Override
    public String toString() {
        return count + " per " + unit;
    }
}

// The HTTPS port's refusals before TLS is ended (no SNI, an unknown name, plain HTTP, bytes that are no
// ClientHello, a raw socket's name, an address shut out for asking too many unknown names): one address can make
// thousands a second, so each kind is logged once per period with a count.
package dev.portway.server.edge;

import dev.portway.server.log.LogThrottle;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class HttpsRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(HttpsRefusals.class);
    static final Duration PERIOD = Duration.ofSeconds(10);

    enum Kind { NO_SNI, UNKNOWN_NAME, PLAIN_HTTP, NOT_TLS, RAW_NAME, TOO_MANY_UNKNOWN_NAMES }

    private final Map<Kind, LogThrottle> throttles = new EnumMap<>(Kind.class);

    HttpsRefusals() {
        this(PERIOD, System::nanoTime);
    }

    HttpsRefusals(Duration period, LongSupplier nanoTime) {
        for (Kind k : Kind.values()) {
            throttles.put(k, new LogThrottle(period, nanoTime));
        }
    }

    /**
     * The connection from `from` is closed for `why`, a refusal of this kind; `why` is built only for a line
     * logged.
     */
    void closed(Kind kind, Object from, Supplier<String> why) {
        throttles.get(kind).hit(n -> LOG.info("https port: closed {}: {}{}", from, why.get(), LogThrottle.more(n)));
    }
}

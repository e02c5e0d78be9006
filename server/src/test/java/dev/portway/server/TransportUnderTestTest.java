// Which network transport this test run uses, said in its report, and that a forced one (-Dportway.transport, or
// the relay-on-nio pass) reached both this JVM and, as PORTWAY_TRANSPORT, the processes its tests start.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.transport.Transports;
import org.junit.jupiter.api.Test;

class TransportUnderTestTest {
    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Test
    void theRunsTransportIsTheOneAskedFor() {
        String property = blankAsNull(System.getProperty(Transports.PROPERTY));
        assertEquals(property, blankAsNull(System.getenv(Transports.ENVIRONMENT)),
                "child processes must run on the transport of this JVM");
        Transports current = Transports.current();
        System.out.println("transport under test: " + current.label());
        if (property != null) {
            assertEquals(property, current.label());
        }
    }
}

// The pin follows a certificate rotation the API vouches for, backs off while the API is unreachable, and refuses
// (with the words the agent gives up with) when the API vouches for the certificate it already had.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;

class CertificatePinTest {
    private static final String OLD = "ab".repeat(32);
    private static final String NEW = "cd".repeat(32);

    @Test
    void followsARotationTheApiVouchesFor() {
        CertificatePin pin = new CertificatePin(OLD);
        SslContext before = pin.context();
        pin.rereadWith(() -> NEW);
        CertificatePin.Recheck found = pin.recheck();
        assertEquals(CertificatePin.Outcome.ROTATED, found.outcome());
        assertEquals("the server has a new certificate (sha256 " + NEW + "); reconnecting", found.message());
        assertEquals(NEW, pin.fingerprint());
        assertNotSame(before, pin.context());
    }

    @Test
    void theSameCertificateAgainIsRefusedInAnyCase() {
        CertificatePin pin = new CertificatePin(OLD);
        SslContext before = pin.context();
        pin.rereadWith(() -> OLD.toUpperCase(java.util.Locale.ROOT));
        CertificatePin.Recheck found = pin.recheck();
        assertEquals(CertificatePin.Outcome.REFUSED, found.outcome());
        assertEquals("the tunnel port shows another certificate than the server vouches for (sha256 " + OLD
                + "); someone may be intercepting the link", found.message());
        assertSame(before, pin.context());
        pin.rereadWith(() -> null);
        assertEquals(CertificatePin.Outcome.REFUSED, pin.recheck().outcome());
        assertEquals(OLD, pin.fingerprint());
    }

    @Test
    void anUnreachableApiMeansTryAgainAndARefusalGivesUp() {
        CertificatePin pin = new CertificatePin(OLD);
        pin.rereadWith(() -> {
            throw new ApiException(ApiException.UNREACHABLE, 0, "cannot reach the server");
        });
        CertificatePin.Recheck unreachable = pin.recheck();
        assertEquals(CertificatePin.Outcome.UNREACHABLE, unreachable.outcome());
        assertNull(unreachable.message());

        pin.rereadWith(() -> {
            throw new ApiException("untrusted_certificate", 0, "the API's certificate changed");
        });
        CertificatePin.Recheck refused = pin.recheck();
        assertEquals(CertificatePin.Outcome.REFUSED, refused.outcome());
        assertEquals("the API's certificate changed", refused.message());
        assertEquals(OLD, pin.fingerprint());
    }

    @Test
    void withoutASourceThereIsNothingToRecheck() {
        CertificatePin pin = new CertificatePin(OLD);
        assertFalse(pin.canRecheck());
        pin.rereadWith(() -> NEW);
        assertTrue(pin.canRecheck());
    }
}

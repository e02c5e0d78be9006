// A CA's Retry-After never holds an order longer than the engine's patience: the order thread (one of two) and the
// name's lease are not the CA's to keep for an hour.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;

class OrdererSettleTest {
    /** Pending for ever, asking to be polled again in an hour. */
    static final class Stalling implements PollableResource {
        int fetches;

        @Override
        public Status getStatus() {
            return Status.PENDING;
        }

        @Override
        public Optional<Instant> fetch() {
            fetches++;
            return Optional.of(Instant.now().plus(Duration.ofHours(1)));
        }
    }

    @Test
    void aRetryAfterBeyondThePatienceIsNotWaitedOut() {
        Stalling ca = new Stalling();
        AcmeFailure failure = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThrows(AcmeFailure.class, () -> Orderer.settle(ca, Duration.ofMillis(500))));
        assertTrue(failure.getMessage().contains("left the order pending"), failure.getMessage());
        assertTrue(ca.fetches >= 1);
    }
}

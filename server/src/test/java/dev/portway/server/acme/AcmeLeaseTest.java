// One order per name at a time on a cluster, however long the order takes: the node ordering renews its lease while
// the order runs (a wildcard's DNS hook, propagation and validation may outlast one lease), and ends it afterwards.
package dev.portway.server.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;

@Tag("process")
class AcmeLeaseTest {
    static final AcmeEngine.Timing SHORT_LEASE = new AcmeEngine.Timing(Duration.ofMillis(100),
            Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(3));

    @TempDir
    Path dir;

    /** A DNS hook that takes as long as the test says: prepare returns (failing) once released. */
    static final class SlowHook implements ChallengeSolver {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Challenge prepare(Authorization authorization) throws Exception {
            entered.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            throw new IllegalStateException("the test's hook publishes nothing");
        }

        @Override
        public void cleanup(Authorization authorization, Challenge challenge) {
        }
    }

    @Test
    void anOrderLongerThanItsLeaseKeepsTheLeaseUntilItEnds() throws Exception {
        SlowHook hook = new SlowHook();
        try (AcmeTestCa ca = AcmeTestCa.start(dir);
             Store store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("portway.db")));
             Http01Answers answers = new Http01Answers(store.acme());
             AcmeEngine engine = new AcmeEngine(ca.acme(), "portway.test", store, answers, hook,
                     new AcmeRetryTest.Served(), "n1", SHORT_LEASE)) {
            engine.start("portway.test");
            assertTrue(hook.entered.await(60, TimeUnit.SECONDS), "the wildcard's order reached the DNS hook");
            // Over two leases later the order still runs: the lease is still this node's.
            long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            await().atMost(Duration.ofSeconds(20)).until(() -> System.nanoTime() - until > 0);
            long now = System.currentTimeMillis();
            assertFalse(store.acme().takeLease("*.portway.test", "n2", now, now + 3000),
                    "no other node orders the name while this one does");
            hook.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                long t = System.currentTimeMillis();
                return store.acme().takeLease("*.portway.test", "n2", t, t + 3000);
            });
        }
    }
}

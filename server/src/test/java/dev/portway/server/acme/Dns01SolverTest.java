// Before a DNS-01 challenge is triggered, the solver waits (within a bound) for the hook's TXT record to show
// through the resolver, here pebble-challtestsrv.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portway.server.domains.DnsTxtLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class Dns01SolverTest {
    private static final String FQDN = "_acme-challenge.wait.example.";
    @TempDir
    static Path dir;
    private static ChallTestSrv dns;

    @BeforeAll
    static void start() throws Exception {
        dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close();
    }

    private static Dns01Solver solver(Duration propagation) {
        return new Dns01Solver(new DnsHook(HookCommand.parse("true"), DnsHook.DEFAULT_TIMEOUT),
                new DnsTxtLookup(dns.dnsAddress()), propagation, Duration.ofMillis(50));
    }

    @Test
    void waitsUntilTheValueIsVisible() throws Exception {
        dns.setTxt(FQDN, "an-older-value");
        Dns01Solver solver = solver(Duration.ofSeconds(30));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                solver.awaitVisible(FQDN, "the-digest");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Only the older value is there yet: the wait goes on.
        assertFalse(waiting.isDone(), "an other value of the name does not count");
        dns.setTxt(FQDN, "the-digest");
        waiting.get(20, TimeUnit.SECONDS);
        dns.clearTxt(FQDN);
    }

    @Test
    void aResolverThatDoesNotAnswerCountsAsNoRecordYet() throws Exception {
        Dns01Solver solver = new Dns01Solver(new DnsHook(HookCommand.parse("true"), DnsHook.DEFAULT_TIMEOUT),
                name -> {
                    throw new javax.naming.CommunicationException("DNS error: timed out");
                }, Duration.ofMillis(200), Duration.ofMillis(50));
        solver.awaitVisible(FQDN, "the-digest");
    }

    @Test
    void goesOnPastTheBoundWhenTheValueNeverShows() throws Exception {
        long started = System.nanoTime();
        solver(Duration.ofMillis(300)).awaitVisible("_acme-challenge.never.example.", "the-digest");
        assertFalse(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(300), "it waited the bound");
    }
}

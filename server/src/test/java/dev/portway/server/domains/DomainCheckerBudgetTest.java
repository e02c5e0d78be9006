// One account cannot make the server look up TXT records without end (names are anyone's to type, and each new
// one is looked up at once): past LOOKUPS_PER_ACCOUNT a minute its checks wait, without a lookup, while another
// account's are looked up as before.
package dev.portway.server.domains;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.server.TestClock;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.store.CustomDomainRecord;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Quota;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import dev.portway.server.store.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainCheckerBudgetTest {
    /** A short first interval, so the checker ticks every 100 ms (at most 4 checks a tick) instead of every second. */
    private static final Duration FIRST = Duration.ofMillis(500);
    @TempDir
    Path dir;

    private static int total(Map<String, AtomicInteger> counts) {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Checks claimed for a lookup: the next one FIRST later. */
    private static long checked(Store store, long now) {
        return java.util.stream.Stream.of("s-mallory", "s-bob").flatMap(s -> store.listCustomDomains(s).stream())
                .filter(d -> d.nextCheckAt() == now + FIRST.toMillis()).count();
    }

    @Test
    void pastItsBudgetAnAccountsChecksWaitWithoutALookup() throws Exception {
        TestClock clock = new TestClock();
        Map<String, AtomicInteger> lookedUp = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        TxtLookup counting = name -> {
            running.incrementAndGet();
            try {
                String owner = name.contains(".bob") ? "bob" : "mallory";
                lookedUp.computeIfAbsent(owner, k -> new AtomicInteger()).incrementAndGet();
                return List.of();
            } finally {
                running.decrementAndGet();
            }
        };
        try (Store store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("portway.db")))) {
            long now = clock.millis();
            for (String user : List.of("mallory", "bob")) {
                store.createUser(new User(user, user + "@example.com", "hash", false, false, "2026-01-01T00:00:00Z"));
                store.createSocket(SocketRecord.open("s-" + user, user, "n", user + ".localhost", "http", null,
                        "2026-01-01T00:00:00Z"), new Quota(100, 100));
            }
            List<CustomDomainRecord> many = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                many.add(new CustomDomainRecord("d" + i + ".mallory.example", "s-mallory", "v" + i, "pending", now,
                        now, "2026-01-01T00:00:00Z"));
            }
            store.setCustomDomains("s-mallory", many, 1000);
            store.setCustomDomains("s-bob", List.of(new CustomDomainRecord("www.bob.example", "s-bob", "v", "pending",
                    now, now, "2026-01-01T00:00:00Z")), 1000);

            try (DomainChecker checker = new DomainChecker(store, counting, clock, new AuditLog(store, clock),
                    FIRST)) {
                checker.start();
                // The clock stands still: once nothing is due and every claimed check (next in FIRST) has been
                // looked up, the checker has done all it will.
                await().atMost(Duration.ofSeconds(30)).until(() -> store.dueCustomDomains(clock.millis(), 100)
                        .isEmpty() && running.get() == 0 && total(lookedUp) == checked(store, now));
            }
            assertEquals(1, lookedUp.get("bob").get(), "another account is looked up as before");
            assertEquals(DomainChecker.LOOKUPS_PER_ACCOUNT, lookedUp.get("mallory").get());
            long putOff = store.listCustomDomains("s-mallory").stream()
                    .filter(d -> d.nextCheckAt() == now + Duration.ofMinutes(1).toMillis()).count();
            assertEquals(60 - DomainChecker.LOOKUPS_PER_ACCOUNT, putOff, "the rest put off until the minute is over");
        }
    }
}

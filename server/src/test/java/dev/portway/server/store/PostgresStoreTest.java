// The store contract on PostgreSQL: the tests' cluster (PostgresServer), a new database for every test.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class PostgresStoreTest extends StoreContractTest {
    @Override
    StoreLocation newLocation() {
        return PostgresServer.get().newDatabase();
    }

    /**
     * A database whose collation is not byte order (ICU, punctuation ignored): a socket's list shows its domain
     * claims in the order its own page does, the database's.
     */
    @Test
    void domainClaimsListInTheDatabasesOrder() throws Exception {
        PostgresServer server = PostgresServer.get();
        String name = "portway_test_icu_order";
        sql(server.location("postgres"), "CREATE DATABASE " + name + " TEMPLATE template0 LOCALE_PROVIDER icu"
                + " ICU_LOCALE 'en-u-ka-shifted' LOCALE 'C'");
        try (Store store = JdbcStore.open(server.location(name))) {
            store.createUser(user("u1", "a@example.com"));
            store.createSocket(socket("s1", "u1", "sock.localhost"), ROOMY);
            store.setCustomDomains("s1", List.of(domain("a-c.example.org", "s1", 1), domain("ab.example.org", "s1",
                    1)), 20);
            List<String> page = store.listCustomDomains("s1").stream().map(CustomDomainRecord::name).toList();
            assertEquals(List.of("ab.example.org", "a-c.example.org"), page, "the hyphen is ignored: not byte order");
            assertEquals(page, store.socketListing("u1").get(0).domains().stream().map(CustomDomainRecord::name)
                    .toList());
            assertEquals(page, store.socketListing(new SocketFilter(null, null, null)).get(0).domains().stream()
                    .map(CustomDomainRecord::name).toList());
        }
    }
}

// The store contract on PostgreSQL: the tests' cluster (PostgresServer), a new database for every test.
package dev.portway.server.store;

import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresStoreTest extends StoreContractTest {
    @Override
    StoreLocation newLocation() {
        return PostgresServer.get().newDatabase();
    }
}

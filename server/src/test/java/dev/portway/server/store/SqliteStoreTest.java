// The store contract on SQLite, the default: a file in the data dir, created owner-only.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;
    private int files;

    @Override
    StoreLocation newLocation() {
        return StoreLocation.sqlite(dir.resolve("s" + ++files + ".db"));
    }

    @Test
    void theFileIsOwnerOnly() throws Exception {
        StoreLocation location = newLocation();
        JdbcStore.open(location).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(location.file())));
    }
}

// --store: sqlite in the data dir by default, or postgres://HOST:PORT/DB with the credentials from the environment;
// a password is never taken from the command line and never shown.
package dev.portway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLocationTest {
    @TempDir
    Path dir;

    private static String refused(String value, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> StoreLocation.parse(value, Path.of("d"), env))
                .getMessage();
    }

    @Test
    void sqliteIsTheFileInTheDataDir() {
        StoreLocation l = StoreLocation.parse("sqlite", dir, Map.of());
        assertEquals(Dialect.SQLITE, l.dialect());
        assertEquals(dir.resolve("portway.db"), l.file());
    }

    @Test
    void postgresTakesItsCredentialsFromTheEnvironment() {
        StoreLocation l = StoreLocation.parse("postgres://db.example.com:6432/portway?sslmode=require", dir,
                Map.of("PORTWAY_STORE_USER", "pw", "PORTWAY_STORE_PASSWORD", "s3cret"));
        assertEquals(Dialect.POSTGRES, l.dialect());
        assertNull(l.file());
        assertEquals("jdbc:postgresql://db.example.com:6432/portway?sslmode=require", l.jdbcUrl());
        assertEquals("pw", l.user());
        assertEquals("s3cret", l.password());
        assertFalse(l.toString().contains("s3cret"), l.toString());
        assertEquals("jdbc:postgresql://10.0.0.5:5432/portway", StoreLocation.parse("postgresql://10.0.0.5/portway",
                dir, Map.of("PORTWAY_STORE_USER", "pw")).jdbcUrl(), "the port defaults to 5432");
    }

    @Test
    void thePasswordMayComeFromAFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "from-file\n");
        StoreLocation l = StoreLocation.parse("postgres://h:5432/db", dir,
                Map.of("PORTWAY_STORE_USER", "pw", "PORTWAY_STORE_PASSWORD_FILE", secret.toString()));
        assertEquals("from-file", l.password());
        assertTrue(refused("postgres://h:5432/db", Map.of("PORTWAY_STORE_USER", "pw",
                "PORTWAY_STORE_PASSWORD_FILE", dir.resolve("missing").toString())).contains("cannot read"));
        assertTrue(refused("postgres://h:5432/db", Map.of("PORTWAY_STORE_USER", "pw", "PORTWAY_STORE_PASSWORD", "a",
                "PORTWAY_STORE_PASSWORD_FILE", secret.toString())).contains("not both"));
    }

    @Test
    void badValuesSayWhatIsWanted() {
        assertTrue(refused("mysql://h/db", Map.of()).contains("sqlite or postgres://HOST:PORT/DATABASE"));
        assertTrue(refused("postgres://h:5432/", Map.of("PORTWAY_STORE_USER", "pw")).contains("DATABASE"));
        assertTrue(refused("postgres://h:5432/db", Map.of()).contains("PORTWAY_STORE_USER"));
        String withPassword = refused("postgres://pw:s3cret@h:5432/db", Map.of("PORTWAY_STORE_USER", "pw"));
        assertTrue(withPassword.contains("PORTWAY_STORE_PASSWORD"), withPassword);
        assertFalse(withPassword.contains("s3cret"), withPassword);
        assertEquals("postgres://h:5432/db", StoreLocation.redacted("postgres://pw:s3cret@h:5432/db"));
    }
}

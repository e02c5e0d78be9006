// "portway server backup FILE": a consistent copy of a running (or stopped) server's SQLite database, for the
// operator; a PostgreSQL store is left to pg_dump.
package dev.portway.server;

import dev.portway.server.store.SqliteBackup;
import dev.portway.server.store.StoreLocation;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Writes a consistent copy of the server's database (DATA/portway.db) to FILE, also while the "
                + "server runs (SQLite's online backup). FILE is owner-only and never overwritten.",
                "The TLS key and certificate (DATA/tls) are not in the copy: back that folder up as files.",
                "The key that seals visitors' sign-in sessions is left out: after a restore, visitors of sockets "
                        + "with e-mail sign-in sign in again.",
                "A PostgreSQL store (--store postgres://...) is backed up with pg_dump instead."})
final class BackupCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The copy to write; it must not exist yet.")
    Path file;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PORTWAY_DATA:-./portway-data}",
            description = "The server's data directory. Default: ${DEFAULT-VALUE}")
    Path data;
    @Option(names = "--store", paramLabel = "STORE", defaultValue = "${env:PORTWAY_STORE:-sqlite}",
            description = "The server's store; only sqlite (in --data) is copied by this command. Default: "
                    + "${DEFAULT-VALUE}")
    String store;

    @Override
    public Integer call() {
        if (!store.equals(StoreLocation.SQLITE)) {
            return fail("this command copies a SQLite store, not " + StoreLocation.redacted(store)
                    + ": back a PostgreSQL store up with pg_dump (e.g. pg_dump -Fc -f FILE DATABASE)");
        }
        Path db = data.resolve("portway.db");
        if (!Files.isRegularFile(db)) {
            return fail("no database at " + db + " (give the server's data directory with --data or PORTWAY_DATA)");
        }
        try {
            SqliteBackup.Result r = SqliteBackup.copy(db, file);
            System.out.println("wrote   " + file.toAbsolutePath().normalize() + " (" + r.bytes()
                    + " bytes, schema version " + r.schemaVersion() + "), a consistent copy of "
                    + db.toAbsolutePath().normalize());
            System.out.println("not in  " + data.resolve("tls").toAbsolutePath().normalize()
                    + " (TLS key and certificate): copy that folder too");
            return 0;
        } catch (FileAlreadyExistsException e) {
            return fail(file + " already exists; a backup never overwrites a file, give a new name");
        } catch (NoSuchFileException e) {
            return fail("cannot write " + file + ": no such directory");
        } catch (AccessDeniedException e) {
            return fail("cannot write " + file + ": permission denied");
        } catch (IOException | SQLException e) {
            return fail("backup failed: " + e.getMessage());
        }
    }

    private static int fail(String message) {
        System.err.println("portway server backup: " + message);
        return 1;
    }
}

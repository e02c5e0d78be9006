// "portway server admin grant|revoke EMAIL": makes an account admin (or not) straight in the data dir's store, on
// the server's machine: the way in for the first admin of a server that has accounts already, or a lost one.
package dev.portway.server;

import dev.portway.protocol.api.AuditEntry;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreException;
import dev.portway.server.store.StoreLocation;
import dev.portway.server.store.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Grants or revokes a server's admin role, working on its data directory (also while it runs).")
final class AdminCommand implements Callable<Integer> {
    private static final String STORE_HELP = "The server's store: sqlite (in --data) or postgres://HOST:PORT/DATABASE"
            + " (user and password from PORTWAY_STORE_USER and PORTWAY_STORE_PASSWORD). Default: ${DEFAULT-VALUE}";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say grant or revoke, e.g. admin grant EMAIL");
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Makes the account an admin.")
    int grant(@Parameters(paramLabel = "EMAIL", description = "The account's email.") String email,
            @Mixin Where where) {
        return change(where.data, where.store, email, true);
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Takes the admin role from the account (not from the last enabled admin).")
    int revoke(@Parameters(paramLabel = "EMAIL", description = "The account's email.") String email,
            @Mixin Where where) {
        return change(where.data, where.store, email, false);
    }

    /** The server whose accounts change: its data directory and store, as the server itself takes them. */
    static final class Where {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PORTWAY_DATA:-./portway-data}",
                description = "The server's data directory. Default: ${DEFAULT-VALUE}")
        Path data;
        @Option(names = "--store", paramLabel = "STORE", defaultValue = "${env:PORTWAY_STORE:-sqlite}",
                description = STORE_HELP)
        String store;
    }

    private static int change(Path data, String storeFlag, String email, boolean admin) {
        StoreLocation location;
        try {
            location = StoreLocation.parse(storeFlag, data, System.getenv());
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (location.file() != null && !Files.isRegularFile(location.file())) {
            return fail("no database at " + location.file()
                    + " (give the server's data directory with --data or PORTWAY_DATA)");
        }
        try (Store store = JdbcStore.open(location)) {
            Optional<User> user = store.findUserByEmail(email.strip());
            if (user.isEmpty()) {
                return fail("no account for " + email + " in " + (location.file() != null ? data : location));
            }
            if (!store.setUserAdmin(user.get().id(), admin)) {
                return fail(user.get().email() + " is the server's last enabled admin; grant another account first");
            }
            new AuditLog(store, Clock.systemUTC()).record(null, AuditLog.CLI,
                    admin ? AuditEntry.USER_GRANT_ADMIN : AuditEntry.USER_REVOKE_ADMIN, "user " + user.get().email(),
                    null, "local");
            System.out.println(user.get().email() + (admin ? " is an admin now" : " is no longer an admin"));
            return 0;
        } catch (StoreException e) {
            return fail(e.getMessage());
        }
    }

    private static int fail(String message) {
        System.err.println("portway server admin: " + message);
        return 1;
    }
}

// "portway server admin grant|revoke|limits EMAIL": makes an account admin (or not), or sets its own limits, straight
// in the data dir's store, on the server's machine: the way in for the first admin of a server that has accounts
// already, or a lost one.
package dev.portway.server;

import dev.portway.protocol.api.AuditEntry;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreException;
import dev.portway.server.store.StoreLocation;
import dev.portway.server.store.User;
import dev.portway.server.store.UserLimits;
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
        description = "Grants or revokes a server's admin role, or sets an account's limits, working on its data"
                + " directory (also while it runs).")
final class AdminCommand implements Callable<Integer> {
    // The address leads, so that --help never breaks it across lines (a line may break after any ':' or '/').
    private static final String STORE_HELP = "sqlite (in --data) or postgres://HOST:PORT/DATABASE: the server's store"
            + " (user and password from PORTWAY_STORE_USER and PORTWAY_STORE_PASSWORD). Default: ${DEFAULT-VALUE}";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say grant, revoke or limits, e.g. admin grant EMAIL");
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Makes the account an admin.")
    int grant(@Parameters(paramLabel = "EMAIL", description = "The account's email.") String email,
            @Mixin Where where) {
        return change(where, email, true);
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Takes the admin role from the account (not from the last enabled admin).")
    int revoke(@Parameters(paramLabel = "EMAIL", description = "The account's email.") String email,
            @Mixin Where where) {
        return change(where, email, false);
    }

    @Command(name = "limits", mixinStandardHelpOptions = true,
            description = "Shows the account's own limits, or sets them: a number, or default for the server's"
                    + " --max-sockets-per-user / --max-ports-per-user.")
    int limits(@Parameters(paramLabel = "EMAIL", description = "The account's email.") String email,
               @Option(names = "--max-sockets", paramLabel = "N|default",
                       description = "Sockets the account may have.") String maxSockets,
               @Option(names = "--max-ports", paramLabel = "N|default",
                       description = "tcp, tls and udp sockets (each holds a dedicated port) the account may have.")
               String maxPorts,
               @Mixin Where where) {
        UserLimits wanted;
        try {
            wanted = new UserLimits(limit("--max-sockets", maxSockets), limit("--max-ports", maxPorts));
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        return withUser(where, email, (store, user) -> {
            UserLimits now = new UserLimits(maxSockets == null ? user.limits().maxSockets() : wanted.maxSockets(),
                    maxPorts == null ? user.limits().maxPorts() : wanted.maxPorts());
            if (!now.equals(user.limits())) {
                store.setUserLimits(user.id(), now);
                new AuditLog(store, Clock.systemUTC()).record(null, AuditLog.CLI, AuditEntry.USER_LIMITS,
                        "user " + user.email(), now.describe(), "local");
            }
            System.out.println(user.email() + ": " + now.describe());
            return 0;
        });
    }

    /** null: not given; "default": the server's; else a whole number from 0 to 1,000,000. */
    private static Integer limit(String flag, String value) {
        if (value == null || value.equals("default")) {
            return null;
        }
        if (value.matches("\\d{1,7}") && Integer.parseInt(value) <= 1_000_000) {
            return Integer.parseInt(value);
        }
        throw new IllegalArgumentException(flag + " takes a whole number from 0 to 1000000, or default; not " + value);
    }

    /** The server whose accounts change: its data directory and store, as the server itself takes them. */
    static final class Where {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PORTWAY_DATA:-./portway-data}",
                description = "The server's data directory. Default: ${DEFAULT-VALUE}")
        Path data;
        @Option(names = "--store", paramLabel = "STORE", defaultValue = "${env:PORTWAY_STORE:-sqlite}",
                description = STORE_HELP)
        String store;

        /** What a subcommand does with the store; its exit code. */
        interface StoreWork {
            int run(Store store, StoreLocation location);
        }

        /**
         * Opens the server's store and runs the work on it; a problem is one line on stderr, after "portway server
         * COMMAND: ", and exit 1. A data directory without a database is refused rather than given an empty one.
         */
        int withStore(String command, StoreWork work) {
            StoreLocation location;
            try {
                location = StoreLocation.parse(store, data, System.getenv());
            } catch (IllegalArgumentException e) {
                return fail(command, e.getMessage());
            }
            if (location.file() != null && !Files.isRegularFile(location.file())) {
                return fail(command, "no database at " + location.file()
                        + " (give the server's data directory with --data or PORTWAY_DATA)");
            }
            try (Store opened = JdbcStore.open(location)) {
                return work.run(opened, location);
            } catch (StoreException e) {
                return fail(command, e.getMessage());
            }
        }

        static int fail(String command, String message) {
            System.err.println("portway server " + command + ": " + message);
            return 1;
        }
    }

    private static int change(Where where, String email, boolean admin) {
        return withUser(where, email, (store, user) -> {
            if (!store.setUserAdmin(user.id(), admin)) {
                return fail(user.email() + " is the server's last enabled admin; grant another account first");
            }
            new AuditLog(store, Clock.systemUTC()).record(null, AuditLog.CLI,
                    admin ? AuditEntry.USER_GRANT_ADMIN : AuditEntry.USER_REVOKE_ADMIN, "user " + user.email(),
                    null, "local");
            System.out.println(user.email() + (admin ? " is an admin now" : " is no longer an admin"));
            return 0;
        });
    }

    /** What a subcommand does to one account of the store; its exit code. */
    private interface UserWork {
        int run(Store store, User user);
    }

    /** Opens the server's store, finds the account and runs the work on it; a problem is one line and exit 1. */
    private static int withUser(Where where, String email, UserWork work) {
        return where.withStore("admin", (store, location) -> {
            Optional<User> user = store.findUserByEmail(email.strip());
            if (user.isEmpty()) {
                return fail("no account for " + email + " in " + (location.file() != null ? where.data : location));
            }
            return work.run(store, user.get());
        });
    }

    private static int fail(String message) {
        return Where.fail("admin", message);
    }
}

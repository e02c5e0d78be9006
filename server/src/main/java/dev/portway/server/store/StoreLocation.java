// Where the store lives: the SQLite file in the data dir (the default) or a PostgreSQL database (--store postgres://).
package dev.portway.server.store;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public final class StoreLocation {
    public static final String SQLITE = "sqlite";
    private static final int POSTGRES_PORT = 5432;

    private final Dialect dialect;
    private final Path file;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String shown;

    private StoreLocation(Dialect dialect, Path file, String jdbcUrl, String user, String password, String shown) {
        this.dialect = dialect;
        this.file = file;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.shown = shown;
    }

    public static StoreLocation sqlite(Path file) {
        return new StoreLocation(Dialect.SQLITE, file, "jdbc:sqlite:" + file.toAbsolutePath(), null, null,
                "sqlite " + file.toAbsolutePath().normalize());
    }

    /** database: the name, optionally with JDBC parameters (?sslmode=require); password may be null. */
    public static StoreLocation postgres(String host, int port, String database, String user, String password) {
        String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
        return new StoreLocation(Dialect.POSTGRES, null, "jdbc:postgresql://" + address, user, password,
                "postgres://" + address + " (user " + user + ")");
    }

    /**
     * The --store value: "sqlite" (the file portway.db in dataDir) or postgres://HOST[:PORT]/DB[?PARAMS], with the
     * user and password from PORTWAY_STORE_USER and PORTWAY_STORE_PASSWORD (or PORTWAY_STORE_PASSWORD_FILE).
     * Throws IllegalArgumentException with a message for the operator.
     */
    public static StoreLocation parse(String value, Path dataDir, Map<String, String> env) {
        if (value.equals(SQLITE)) {
            return sqlite(dataDir.resolve("portway.db"));
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(notAStore(value));
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())
                || uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException(notAStore(value));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--store takes no user or password (a command line is visible to"
                    + " every user of the machine): set PORTWAY_STORE_USER and PORTWAY_STORE_PASSWORD"
                    + " or PORTWAY_STORE_PASSWORD_FILE");
        }
        String user = env.get("PORTWAY_STORE_USER");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("--store " + value + " needs the database user in PORTWAY_STORE_USER");
        }
        String database = uri.getRawPath().substring(1) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return postgres(uri.getHost(), uri.getPort() == -1 ? POSTGRES_PORT : uri.getPort(), database, user,
                password(env));
    }

    /** A --store value fit to print: a user and password written into it (which parse refuses) are left out. */
    public static String redacted(String value) {
        return value.replaceFirst("//[^/@]*@", "//");
    }

    private static String notAStore(String value) {
        return "--store must be sqlite or postgres://HOST:PORT/DATABASE, not " + redacted(value);
    }

    private static String password(Map<String, String> env) {
        String direct = env.get("PORTWAY_STORE_PASSWORD");
        String file = env.get("PORTWAY_STORE_PASSWORD_FILE");
        if (direct != null && file != null) {
            throw new IllegalArgumentException("set PORTWAY_STORE_PASSWORD or PORTWAY_STORE_PASSWORD_FILE, not both");
        }
        if (file == null) {
            return direct;
        }
        try {
            return Files.readString(Path.of(file)).strip(); // a file written by echo ends in a newline
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read PORTWAY_STORE_PASSWORD_FILE " + file);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The SQLite file; null for PostgreSQL. */
    public Path file() {
        return file;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** What the operator is shown: the file or the database and user, never the password. */
    @Override
    public String toString() {
        return shown;
    }
}

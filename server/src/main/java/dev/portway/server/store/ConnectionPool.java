// Opens a store's database: migrates it over one plain connection, then hands out pooled ones (HikariCP).
package dev.portway.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

final class ConnectionPool {
    /** Connections to PostgreSQL per node: the API's and the edge's blocking work at once, with room to spare. */
    private static final int POSTGRES_CONNECTIONS = 10;
    private static final int BUSY_TIMEOUT_MILLIS = 5000;
    /**
     * A database that is down or hangs shows as 503 store_unavailable in about two seconds, not after Hikari's 30 s
     * (or never, for one that accepts connections and answers nothing): a connection is waited for this long...
     */
    private static final int CONNECTION_TIMEOUT_MILLIS = 2_000;
    /** ...an idle one is proved alive within this (the least Hikari takes)... */
    private static final int VALIDATION_TIMEOUT_MILLIS = 1_000;
    /** ...a new one is dialled within this... */
    private static final int CONNECT_TIMEOUT_SECONDS = 2;
    /** ...and no read waits longer than this: the store's statements are short, a migration is not (no limit). */
    private static final int SOCKET_TIMEOUT_SECONDS = 10;

    private ConnectionPool() {
    }

    /** The pool, and the schema version the database is at. */
    record Opened(HikariDataSource pool, int schemaVersion) {
    }

    static Opened open(StoreLocation location) throws SQLException {
        int version = Schema.migrate(plain(location, 0), location.dialect());
        HikariConfig config = new HikariConfig();
        config.setDataSource(plain(location, SOCKET_TIMEOUT_SECONDS));
        config.setPoolName("portway-store");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
        // SQLite writes one transaction at a time: one connection serializes them here instead of in
        // SQLITE_BUSY retries (a deferred transaction that turns into a write can fail at once, waiting for none).
        int size = location.dialect() == Dialect.SQLITE ? 1 : POSTGRES_CONNECTIONS;
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(location.dialect() == Dialect.SQLITE ? 1 : 2);
        return new Opened(new HikariDataSource(config), version);
    }

    /** socketTimeout: seconds a PostgreSQL read may wait, 0 for ever. */
    private static DataSource plain(StoreLocation location, int socketTimeout) {
        if (location.dialect() == Dialect.SQLITE) {
            SQLiteConfig config = new SQLiteConfig();
            config.enforceForeignKeys(true);
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl(location.jdbcUrl());
            return ds;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(location.jdbcUrl());
        ds.setUser(location.user());
        if (location.password() != null) {
            ds.setPassword(location.password());
        }
        ds.setApplicationName("portway");
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setSocketTimeout(socketTimeout);
        return ds;
    }
}

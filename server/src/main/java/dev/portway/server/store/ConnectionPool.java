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

    private ConnectionPool() {
    }

    /** The pool, and the schema version the database is at. */
    record Opened(HikariDataSource pool, int schemaVersion) {
    }

    static Opened open(StoreLocation location) throws SQLException {
        DataSource plain = plain(location);
        int version = Schema.migrate(plain, location.dialect());
        HikariConfig config = new HikariConfig();
        config.setDataSource(plain);
        config.setPoolName("portway-store");
        // A database that is gone shows as an error (and /readyz as unready) in seconds, not after Hikari's 30 s.
        config.setConnectionTimeout(5_000);
        // SQLite writes one transaction at a time: one connection serializes them here instead of in
        // SQLITE_BUSY retries (a deferred transaction that turns into a write can fail at once, waiting for none).
        int size = location.dialect() == Dialect.SQLITE ? 1 : POSTGRES_CONNECTIONS;
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(location.dialect() == Dialect.SQLITE ? 1 : 2);
        return new Opened(new HikariDataSource(config), version);
    }

    private static DataSource plain(StoreLocation location) {
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
        return ds;
    }
}

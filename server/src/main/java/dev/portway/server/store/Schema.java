// Brings a database's schema up to date with Flyway (db/migration/V<n>__<what>.sql, the same scripts for both
// dialects); a database made by the migration code before Flyway is baselined at its schema_version first.
package dev.portway.server.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;

final class Schema {
    /** The table in which the migration code before Flyway counted versions (1 to 3). */
    static final String LEGACY_TABLE = "schema_version";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private Schema() {
    }

    /** Migrates and returns the version the schema is at. */
    static int migrate(DataSource ds, Dialect dialect) throws SQLException {
        FluentConfiguration config = Flyway.configure(Schema.class.getClassLoader()).dataSource(ds)
                .locations("classpath:db/migration").table(HISTORY_TABLE)
                .placeholders(Map.of("auto_id", dialect.autoId()));
        OptionalInt legacy = legacyVersion(ds);
        try {
            if (legacy.isPresent()) {
                // Its scripts 1..n were this build's V1..Vn (written for SQLite): only later ones are applied.
                config.baselineVersion(Integer.toString(legacy.getAsInt()))
                        .baselineDescription("schema_version " + legacy.getAsInt() + " before Flyway");
                config.load().baseline();
            }
            Flyway flyway = config.load();
            refuseNewer(flyway);
            flyway.migrate();
            MigrationInfo current = flyway.info().current();
            return Integer.parseInt(current.getVersion().getVersion());
        } catch (FlywayException e) {
            throw new SQLException("migrating the schema failed: " + e.getMessage(), e);
        }
    }

    /** A newer server has changed this database: an older one would misread it. */
    private static void refuseNewer(Flyway flyway) throws SQLException {
        MigrationInfo[] all = flyway.info().all();
        if (Arrays.stream(all).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS)) {
            String newest = all[all.length - 1].getVersion().getVersion();
            String known = Arrays.stream(all).filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS)
                    .reduce((a, b) -> b).map(m -> m.getVersion().getVersion()).orElse("none");
            throw new SQLException("the database has schema version " + newest + ", newer than this server knows ("
                    + known + "); upgrade the server");
        }
    }

    /** The old code's version, for a database it made that Flyway has not seen yet. */
    private static OptionalInt legacyVersion(DataSource ds) throws SQLException {
        try (Connection conn = ds.getConnection()) {
            if (!hasTable(conn, LEGACY_TABLE) || hasTable(conn, HISTORY_TABLE)) {
                return OptionalInt.empty();
            }
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE)) {
                int version = rs.next() ? rs.getInt(1) : 0;
                return version > 0 ? OptionalInt.of(version) : OptionalInt.empty();
            }
        }
    }

    private static boolean hasTable(Connection conn, String name) throws SQLException {
        DatabaseMetaData meta = conn.getMetaData();
        try (ResultSet rs = meta.getTables(null, conn.getSchema(), name, new String[]{"TABLE"})) {
            return rs.next();
        }
    }
}

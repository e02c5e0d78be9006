// Plain statements over the pool, shared by the store's tables: a connection per call (or one per transaction),
// failures as StoreException.
package dev.portway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

final class Sql {
    /** Transactions that lose a race to another (PostgreSQL) run again, at most this often. */
    private static final int TRANSACTION_TRIES = 5;

    private final DataSource pool;
    private final Dialect dialect;

    Sql(DataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** What a transaction does, over its own statements; an SQLException rolls it all back. */
    interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }

    Dialect dialect() {
        return dialect;
    }

    <T> List<T> many(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = pool.getConnection()) {
            return many(c, sql, mapper, args);
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /** The first row, or empty when there is none or it maps to null (as MIN over no rows does). */
    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = many(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /** A single number, as SELECT COUNT(*) answers. */
    int count(String sql, Object... args) {
        return one(sql, rs -> rs.getInt(1), args).orElse(0);
    }

    int update(String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /**
     * Runs work as one transaction at that isolation (SQLite's are all serializable) and commits it; one that lost a
     * race (serialization failure, deadlock) runs again.
     */
    <T> T inTransaction(int isolation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                if (dialect == Dialect.POSTGRES) {
                    c.setTransactionIsolation(isolation);
                }
                try {
                    T result = work.run(new Transaction(c));
                    c.commit();
                    return result;
                } catch (SQLException e) {
                    c.rollback();
                    if (!dialect.retryable(e) || attempt == TRANSACTION_TRIES) {
                        throw e;
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }
    }

    /** A read-committed transaction: enough wherever a locked row (Transaction.lock) orders the writers. */
    <T> T inTransaction(Work<T> work) {
        return inTransaction(Connection.TRANSACTION_READ_COMMITTED, work);
    }

    /** The statements of one transaction, all on its connection. */
    final class Transaction {
        private final Connection c;

        private Transaction(Connection c) {
            this.c = c;
        }

        <T> List<T> many(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            return Sql.many(c, sql, mapper, args);
        }

        <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            List<T> rows = many(sql, mapper, args);
            return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
        }

        int count(String sql, Object... args) throws SQLException {
            return one(sql, rs -> rs.getInt(1), args).orElse(0);
        }

        int update(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        }

        /** An insert that may break a unique constraint: false (and the transaction is spoilt) when it did. */
        boolean insertUnique(String sql, Object... args) throws SQLException {
            try {
                update(sql, args);
                return true;
            } catch (SQLException e) {
                if (!dialect.uniqueViolation(e)) {
                    throw e;
                }
                return false;
            }
        }

        /**
         * Locks a row until the transaction ends with an update that changes nothing: the same statement on both
         * databases, and of no key column, so that no foreign key is checked. False when there is no such row.
         */
        boolean lock(String noOpUpdate, Object... args) throws SQLException {
            return update(noOpUpdate, args) > 0;
        }

        /** Undoes what the transaction did so far; PostgreSQL takes no statement in a transaction that failed one. */
        void rollback() throws SQLException {
            c.rollback();
        }
    }

    private static <T> List<T> many(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}

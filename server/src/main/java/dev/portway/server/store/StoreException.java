// A storage failure the caller cannot fix (disk, corruption, a database that does not answer); surfaces as a 500,
// a 503 while the database is unreachable, or a start-up error.
package dev.portway.server.store;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The database could not be reached or did not answer in time (no connection within the pool's timeout, a
     * refused or broken connection, a read that timed out): worth trying again later, unlike a failed statement.
     */
    public boolean unavailable() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) { // getCause() never returns its own throwable
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
            // SQLSTATE class 08: connection exception (PostgreSQL's driver reports a lost or refused one so).
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}

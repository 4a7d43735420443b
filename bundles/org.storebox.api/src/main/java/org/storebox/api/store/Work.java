package org.storebox.api.store;

import java.sql.Connection;
import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A unit of database work run by {@link Database} on one of its own threads.
 *
 * @param <T> what the work returns
 */
@ConsumerType
@FunctionalInterface
public interface Work<T> {
    /**
     * Runs the work. Must not commit, roll back or close the connection: the database does.
     *
     * @param connection the connection, inside a transaction for writes
     * @return the result handed back to the caller
     * @throws SQLException on a database error; the work's changes are then rolled back
     */
    T run(Connection connection) throws SQLException;
}

package org.storebox.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.storebox.api.common.StoreboxException;

/** The applied version of each versioned data set from HQ (table command_version), read and written inside a write. */
final class Versions {
    static final String CATALOG = "catalog";
    static final String PRICES = "prices";

    private Versions() {
    }

    /**
     * Whether this very request applied {@code version} already; otherwise checks that it is above the
     * applied one.
     *
     * @throws StoreboxException CONFLICT when it is not
     */
    static boolean alreadyApplied(Connection c, String name, long version, String requestId) throws SQLException {
        // No FOR UPDATE: the database has one writer thread, and with H2 2.5.252 a SELECT ... FOR UPDATE
        // made the rollback to the work's savepoint fail ("Savepoint is invalid"), refusing the whole group.
        try (PreparedStatement p = c.prepareStatement(
                "SELECT version, request_id FROM command_version WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                long applied = rs.getLong(1);
                String by = rs.getString(2);
                if (applied == version && by.equals(requestId)) {
                    return true;
                }
                if (version <= applied) {
                    throw StoreboxException.conflict(name + " version " + version + " is not newer than version "
                            + applied + " applied on this store (request " + by + "); send a version above " + applied);
                }
                return false;
            }
        }
    }

    static void record(Connection c, String name, long version, String requestId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "MERGE INTO command_version (name, version, request_id, applied_at) KEY(name) VALUES (?, ?, ?, ?)")) {
            p.setString(1, name);
            p.setLong(2, version);
            p.setString(3, requestId);
            p.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            p.executeUpdate();
        }
    }

    static Optional<Long> applied(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM command_version WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }
}

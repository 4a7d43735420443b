package org.storebox.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered migrations {@code /db/migration/V1.sql}, {@code V2.sql}, ... that the
 * database has not seen yet, each in its own transaction. A migration once shipped never changes.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private final Class<?> loader;

    Migrations(Class<?> loader) {
        this.loader = loader;
    }

    void migrate(Connection c) throws SQLException {
        migrate(c, Integer.MAX_VALUE);
    }

    /** Applies the migrations up to and including {@code last} (a test's way to build an older schema). */
    void migrate(Connection c, int last) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, "
                    + "applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
        }
        int current;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            current = rs.getInt(1);
        }
        for (int v = current + 1; v <= last; v++) {
            String sql = load(v);
            if (sql == null) {
                break;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String statement : sql.split(";\\s*(\\n|$)")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version(version) VALUES (?)")) {
                    p.setInt(1, v);
                    p.executeUpdate();
                }
                c.commit();
                LOG.info("Applied database migration V{}", v);
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("database migration V" + v + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private String load(int version) {
        try (InputStream in = loader.getResourceAsStream("/db/migration/V" + version + ".sql")) {
            if (in == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.stripLeading().startsWith("--")) {
                    sb.append(line).append('\n');
                }
            }
            return sb.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration V" + version, e);
        }
    }
}

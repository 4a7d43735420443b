package org.storebox.manager.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.storebox.api.common.StoreboxException;
import org.storebox.api.store.Database;

/** Manager accounts (people): a name and a password stored as PBKDF2 with its own salt; the account carries the manager scope. */
final class Accounts {
    /** Hash compared against for unknown names, so a login takes as long whether or not the name exists. */
    private final String dummySalt = Passwords.salt();
    private final Database db;
    private final int iterations;
    private final int minLength;
    private final String dummyHash;

    Accounts(Database db, int iterations, int minLength) {
        if (iterations < 10_000 || minLength < 8) {
            throw new IllegalArgumentException("password_iterations must be at least 10000 and password_min_length at least 8");
        }
        this.db = db;
        this.iterations = iterations;
        this.minLength = minLength;
        // Random bytes of a hash's length: an unknown name still costs one full PBKDF2 run in matches(), and the
        // box's start does not pay one (600,000 iterations took about a second of a cold JVM).
        byte[] dummy = new byte[32];
        Passwords.RANDOM.nextBytes(dummy);
        this.dummyHash = java.util.Base64.getEncoder().encodeToString(dummy);
    }

    Map<String, Object> create(String name, String password) {
        if (name == null || !name.strip().matches("[\\p{L}\\p{N}._@ -]{1,100}")) {
            throw StoreboxException.invalid("name must be 1 to 100 letters, digits, spaces or . _ @ -");
        }
        if (password == null || password.length() < minLength || password.length() > 200) {
            throw StoreboxException.invalid("password must be " + minLength + " to 200 characters");
        }
        String n = name.strip();
        String salt = Passwords.salt();
        String hash = Passwords.hash(password.toCharArray(), salt, iterations);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM manager_account WHERE name = ?")) {
                p.setString(1, n);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        throw StoreboxException.conflict("a manager named '" + n + "' exists already; choose another name");
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO manager_account(name, salt, iterations, password_hash, created_at, "
                    + "active) VALUES (?,?,?,?,?,TRUE)")) {
                p.setString(1, n);
                p.setString(2, salt);
                p.setInt(3, iterations);
                p.setString(4, hash);
                p.setTimestamp(5, Timestamp.from(now));
                return p.executeUpdate();
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", n);
        out.put("scope", "manager");
        out.put("created_at", now);
        out.put("active", true);
        return out;
    }

    List<Map<String, Object>> list() {
        return db.read(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name, created_at, active FROM manager_account ORDER BY name");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", rs.getString(1));
                    m.put("scope", "manager");
                    m.put("created_at", rs.getTimestamp(2).toInstant());
                    m.put("active", rs.getBoolean(3));
                    out.add(m);
                }
            }
            return out;
        });
    }

    /** Whether the name and password match an active account. */
    boolean verify(String name, String password) {
        if (name == null || password == null || password.length() > 200) {
            return false;
        }
        String[] row = db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT salt, iterations, password_hash FROM manager_account WHERE name = ? AND active")) {
                p.setString(1, name.strip());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? new String[] { rs.getString(1), String.valueOf(rs.getInt(2)), rs.getString(3) } : null;
                }
            }
        });
        if (row == null) {
            Passwords.matches(password.toCharArray(), dummySalt, iterations, dummyHash);
            return false;
        }
        return Passwords.matches(password.toCharArray(), row[0], Integer.parseInt(row[1]), row[2]);
    }
}

package org.storebox.manager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.common.StoreboxException;
import org.storebox.store.internal.H2Database;
import org.storebox.store.testing.TestStore;

/** Manager accounts on a real database, sessions, language choice and the same-origin rule. */
class AccountsTest {
    @TempDir
    Path dir;

    @Test
    void passwordsAreSaltedSlowHashesAndOnlyTheRightOneLogsIn() throws Exception {
        H2Database db = new TestStore(dir, "HKD").openDatabase();
        try {
            Accounts a = new Accounts(db, 10_000, 10);
            a.create("Mei Ling", "correct horse battery");
            a.create("Ahmad", "correct horse battery");
            assertTrue(a.verify("Mei Ling", "correct horse battery"));
            assertFalse(a.verify("Mei Ling", "correct horse batterY"));
            assertFalse(a.verify("nobody", "correct horse battery"));
            assertEquals(StoreboxException.Kind.CONFLICT, assertThrows(StoreboxException.class,
                    () -> a.create("Ahmad", "another long password")).kind());
            assertEquals(StoreboxException.Kind.INVALID, assertThrows(StoreboxException.class, () -> a.create("x", "short")).kind());
            String[][] rows = db.read(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT salt, password_hash, iterations FROM manager_account ORDER BY name");
                        ResultSet rs = p.executeQuery()) {
                    String[][] out = new String[2][];
                    int i = 0;
                    while (rs.next()) {
                        out[i++] = new String[] { rs.getString(1), rs.getString(2), rs.getString(3) };
                    }
                    return out;
                }
            });
            assertNotEquals(rows[0][0], rows[1][0], "a salt per account");
            assertNotEquals(rows[0][1], rows[1][1], "same password, different hashes");
            assertEquals("10000", rows[0][2]);
            assertEquals(2, a.list().size());
        } finally {
            db.close();
        }
    }

    @Test
    void sessionsExpireWhenIdleAndTheCookieIsHttpOnlyAndStrict() {
        Instant[] now = { Instant.parse("2030-01-01T00:00:00Z") };
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Sessions s = new Sessions(Duration.ofMinutes(10), clock);
        Sessions.Session one = s.open("Mei Ling");
        assertTrue(s.cookie(one).contains("HttpOnly") && s.cookie(one).contains("SameSite=Strict"));
        assertNotEquals(one.id, one.csrf);
        now[0] = now[0].plusSeconds(9 * 60);
        assertTrue(s.get(one.id).isPresent());
        now[0] = now[0].plusSeconds(11 * 60);
        assertTrue(s.get(one.id).isEmpty());
        assertTrue(s.get("forged").isEmpty());
    }

    @Test
    void languageFromAcceptLanguage() {
        assertEquals("zh-HK", PageServlet.language("zh-HK,zh;q=0.9,en;q=0.8"));
        assertEquals("zh-HK", PageServlet.language("zh-Hant-TW"));
        assertEquals("ms", PageServlet.language("ms-MY,en;q=0.5"));
        assertEquals("en", PageServlet.language("fr-FR,en;q=0.5"));
        assertEquals("en", PageServlet.language("de"));
        assertEquals("en", PageServlet.language(null));
    }
}

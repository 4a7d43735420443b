package org.storebox.sales.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The double-entry postings of one document. A negative amount posted on one side is posted as its
 * opposite on the other, and zero amounts are dropped, so every stored row is positive.
 */
final class Journal {
    private final List<Object[]> entries = new ArrayList<>();

    void debit(String account, BigDecimal amount) {
        add(account, amount, true);
    }

    void credit(String account, BigDecimal amount) {
        add(account, amount, false);
    }

    private void add(String account, BigDecimal amount, boolean debit) {
        if (amount.signum() == 0) {
            return;
        }
        boolean side = amount.signum() > 0 ? debit : !debit;
        entries.add(new Object[] { account, amount.abs(), side });
    }

    /** Sum of debits minus sum of credits: zero for a balanced document. */
    BigDecimal imbalance() {
        BigDecimal d = BigDecimal.ZERO;
        for (Object[] e : entries) {
            d = (Boolean) e[2] ? d.add((BigDecimal) e[1]) : d.subtract((BigDecimal) e[1]);
        }
        return d;
    }

    /** Stores the postings of the sale or return {@code documentId}, whose sequence number is {@code documentSeq}. */
    void insert(Connection c, String documentId, long documentSeq, Instant at) throws SQLException {
        if (imbalance().signum() != 0) {
            // A programming error, never a user error: refuse to store an unbalanced document.
            throw new IllegalStateException("journal of " + documentId + " is off by " + imbalance().toPlainString());
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO journal_entry(document_id, document_seq, account, debit, credit, at) VALUES (?,?,?,?,?,?)")) {
            for (Object[] e : entries) {
                BigDecimal amount = (BigDecimal) e[1];
                p.setString(1, documentId);
                p.setLong(2, documentSeq);
                p.setString(3, (String) e[0]);
                p.setBigDecimal(4, (Boolean) e[2] ? amount : BigDecimal.ZERO);
                p.setBigDecimal(5, (Boolean) e[2] ? BigDecimal.ZERO : amount);
                p.setTimestamp(6, Timestamp.from(at));
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}

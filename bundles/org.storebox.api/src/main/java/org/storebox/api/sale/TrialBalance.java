package org.storebox.api.sale;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Debit and credit totals per journal account; the journal is sound when both totals are equal. */
public class TrialBalance {
    /** Totals of one account. */
    public static class Account {
        public BigDecimal debit;
        public BigDecimal credit;
    }

    public Map<String, Account> accounts = new LinkedHashMap<>();
    public BigDecimal debitTotal;
    public BigDecimal creditTotal;
    public boolean balanced;
}

package org.storebox.outbox.internal;

import java.lang.annotation.Annotation;

/** {@link OutboxBudgetConfig} for tests: the annotation's defaults unless a test changes them. */
final class BudgetSettings implements OutboxBudgetConfig {
    int budgetMb = 256;
    String[] evictable = { "telemetry.*", "log.*", "restock.*", "alert.*" };
    int evictToPercent = 90;
    int maxPerWrite = 1000;
    int retainMb = 256;
    int retainDays = 7;

    BudgetSettings budgetMb(int mb) {
        budgetMb = mb;
        return this;
    }

    BudgetSettings maxPerWrite(int n) {
        maxPerWrite = n;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return OutboxBudgetConfig.class;
    }

    @Override
    public int budget__mb() {
        return budgetMb;
    }

    @Override
    public String[] evictable__types() {
        return evictable;
    }

    @Override
    public int evict__to__percent() {
        return evictToPercent;
    }

    @Override
    public int check__interval__s() {
        return 10;
    }

    @Override
    public int max__evict__per__write() {
        return maxPerWrite;
    }

    @Override
    public int retain__mb() {
        return retainMb;
    }

    @Override
    public int retain__days() {
        return retainDays;
    }
}

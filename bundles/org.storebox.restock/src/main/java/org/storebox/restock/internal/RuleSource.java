package org.storebox.restock.internal;

/** A SKU or category rule as configured (internal service between this bundle's components). */
public interface RuleSource {
    /** The configuration, fields at -1 / "inherit" inheriting. */
    RuleConfig config();
}

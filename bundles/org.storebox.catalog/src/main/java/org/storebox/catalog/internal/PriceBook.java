package org.storebox.catalog.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.storebox.api.catalog.Product;

/**
 * HQ's versioned catalog and price book, applied by the catalog itself so that its cache follows
 * (internal service between this bundle's components). Each apply is one database write that also
 * records the version; an older or equal version is refused with CONFLICT, the same request again
 * (after a crash between the write and the reply's record) is reported as already applied.
 */
public interface PriceBook {

    /**
     * Creates or replaces the products; {@code full} deactivates every active product not listed,
     * otherwise those in {@code deactivate}. Products are never deleted (sales refer to them).
     *
     * @return figures for the reply: created, replaced, deactivated (or already_applied)
     * @throws org.storebox.api.common.StoreboxException INVALID naming the first bad product or unknown
     *         SKU, CONFLICT when {@code version} is not above the applied one
     */
    Map<String, Object> applyCatalog(String requestId, long version, boolean full, List<Product> products,
            List<String> deactivate);

    /**
     * Sets prices of existing products; a {@code full} book must price every active product.
     *
     * @return figures for the reply: prices, changed (or already_applied)
     * @throws org.storebox.api.common.StoreboxException INVALID for an unknown SKU, a negative price or
     *         one with too many decimals, CONFLICT when {@code version} is not above the applied one
     */
    Map<String, Object> applyPrices(String requestId, long version, boolean full, Map<String, BigDecimal> prices);

    /** Tax classes named by products, active or not. */
    Set<String> taxClassesInUse();

    /** The version applied last for {@code catalog} or {@code prices}. */
    Optional<Long> appliedVersion(String name);
}

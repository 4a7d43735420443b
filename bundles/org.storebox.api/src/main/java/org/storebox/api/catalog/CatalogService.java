package org.storebox.api.catalog;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The product catalog. Reads are served from memory; writes are durable before they return. */
@ProviderType
public interface CatalogService {

    /**
     * Creates or replaces a product.
     *
     * @return {@code true} when the product was created, {@code false} when it replaced one
     * @throws org.storebox.api.common.StoreboxException INVALID when a field is wrong (bad check
     *         digit, unknown tax class, negative price) or a barcode belongs to another SKU
     */
    boolean put(Product product);

    /**
     * Creates or replaces many products in one transaction: all of them or none.
     *
     * @return how many products were written
     * @throws org.storebox.api.common.StoreboxException INVALID naming the first bad product by position
     */
    int putAll(List<Product> products);

    /** The product with this SKU, active or not. */
    Optional<Product> get(String sku);

    /** The product that carries this barcode. */
    Optional<Product> findByBarcode(String barcode);

    /** How many products the catalog holds. */
    int size();

    /** The configured tax class with this name. */
    Optional<TaxClass> taxClass(String name);

    /** Every configured tax class. */
    List<TaxClass> taxClasses();
}

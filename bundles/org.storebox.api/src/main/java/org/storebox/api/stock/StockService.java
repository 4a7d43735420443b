package org.storebox.api.stock;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** On-hand stock per SKU, kept as a ledger of movements. */
@ProviderType
public interface StockService {
    /**
     * EventAdmin topic posted after a goods receipt or a stock count commits, with the property
     * {@code skus} (String[] of the SKUs whose on-hand changed). Sales post {@link org.storebox.api.sale.SaleService#TOPIC_COMMITTED}.
     */
    String TOPIC_CHANGED = "org/storebox/stock/CHANGED";

    /**
     * The on-hand quantity of a catalog SKU (zero when nothing has moved yet).
     *
     * @throws org.storebox.api.common.StoreboxException NOT_FOUND when the SKU is not in the catalog
     */
    StockLevel level(String sku);

    /**
     * Books a goods receipt: every line adds its quantity.
     *
     * @return the levels after the receipt
     * @throws org.storebox.api.common.StoreboxException INVALID for an unknown SKU or a quantity not above zero
     */
    List<StockLevel> receive(StockDocument receipt);

    /**
     * Books a stock count: each line sets the on-hand quantity to the counted one, through an
     * adjustment movement for the difference.
     *
     * @return the levels after the count
     * @throws org.storebox.api.common.StoreboxException INVALID for an unknown SKU or a negative count
     */
    List<StockLevel> count(StockDocument count);

    /**
     * Books movements inside a caller's write transaction (a sale, a return, a void).
     *
     * @param connection the connection of the caller's {@link org.storebox.api.store.Work}
     */
    void book(Connection connection, List<Movement> movements) throws SQLException;
}

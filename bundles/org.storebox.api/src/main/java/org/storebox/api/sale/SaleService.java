package org.storebox.api.sale;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sales, returns, voids and day close. Each operation is one durable transaction that writes the
 * document, stock movements, balanced journal entries, loyalty points and one outbox event.
 */
@ProviderType
public interface SaleService {
    /**
     * EventAdmin topic posted after a sale, return or void commits, with the properties {@code id},
     * {@code kind}, {@code terminal_id} and {@code skus} (String[] of the SKUs it moved).
     */
    String TOPIC_COMMITTED = "org/storebox/sales/COMMITTED";

    /**
     * Records a sale. The same id with the same body returns the stored sale and changes nothing.
     *
     * @throws org.storebox.api.common.StoreboxException INVALID for an unknown SKU or barcode, a
     *         quantity not above zero, tenders short of the amount due; CONFLICT when the id was
     *         used before with another body
     */
    SaleResult sell(String terminalId, SaleRequest request);

    /**
     * Records a return against an original sale, never more than was sold less what was returned.
     *
     * @throws org.storebox.api.common.StoreboxException NOT_FOUND for an unknown original sale;
     *         INVALID for lines beyond what remains returnable; CONFLICT for a reused id with another body
     */
    SaleResult returnItems(String terminalId, ReturnRequest request);

    /**
     * Voids a completed sale that has no returns: stock, journal and points are reversed.
     *
     * @throws org.storebox.api.common.StoreboxException NOT_FOUND, or CONFLICT when already voided or returned against
     */
    Sale voidSale(String terminalId, String saleId, String reason);

    /** A stored sale or return. */
    Optional<Sale> get(String id);

    /** The report of a terminal's business day so far (an X report), or the stored Z report once closed. */
    DayReport report(String terminalId, LocalDate businessDay);

    /**
     * Closes the terminal's current business day with the cashier's counted cash and returns the Z
     * report. Later sales of that terminal belong to the next business day.
     *
     * @throws org.storebox.api.common.StoreboxException INVALID for a negative declared amount
     */
    DayReport closeDay(String terminalId, BigDecimal declaredCash);

    /** Debit and credit totals of every journal account over all documents. */
    TrialBalance trialBalance();

    /** The business day the terminal's next sale belongs to. */
    LocalDate currentBusinessDay(String terminalId);
}

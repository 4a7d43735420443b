package org.storebox.api.restock;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Restock suggestions, recomputed after committed sales (off the sale's path) and fully on a
 * schedule. A new suggestion is also an outbox event {@code restock.suggested}; changes are
 * EventAdmin events on {@link #TOPIC_CHANGED}.
 */
@ProviderType
public interface RestockService {

    /** EventAdmin topic posted after suggestions changed (property {@code skus}, String[]). */
    String TOPIC_CHANGED = "org/storebox/restock/CHANGED";

    /** Current suggestions; dismissed ones only when asked. */
    List<Suggestion> suggestions(boolean includeDismissed);

    /** One SKU's suggestion. */
    Optional<Suggestion> get(String sku);

    /**
     * Changes a suggestion's state: {@code ordered}, {@code snoozed} (until a date after today),
     * {@code dismissed} or {@code open}.
     *
     * @throws org.storebox.api.common.StoreboxException NOT_FOUND when the SKU has no suggestion;
     *         INVALID for an unknown state or a missing or past snooze date
     */
    Suggestion setState(String sku, String state, LocalDate snoozedUntil, String by);

    /** Recomputes every SKU now and returns the number of SKUs evaluated. */
    int recomputeAll();
}

package org.storebox.api.alert;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The store's alerts. Changes are also outbox events ({@code alert.raised}, {@code alert.cleared})
 * and EventAdmin events on {@code org/storebox/alerts/CHANGED}.
 */
@ProviderType
public interface AlertService {

    /** EventAdmin topic posted after alerts changed (properties: none). */
    String TOPIC_CHANGED = "org/storebox/alerts/CHANGED";

    /** Open and acknowledged alerts, most severe and then most recent first; with cleared ones when asked. */
    List<Alert> list(boolean includeCleared);

    /** One alert. */
    Optional<Alert> get(long id);

    /**
     * Acknowledges an alert on behalf of a manager.
     *
     * @throws org.storebox.api.common.StoreboxException NOT_FOUND for an unknown id; CONFLICT when it is cleared
     */
    Alert acknowledge(long id, String by);

    /** Evaluates every rule now and stores the outcome; returns once done. */
    void evaluate();
}

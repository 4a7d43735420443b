package org.storebox.api.uplink;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The uplink to HQ as the operator sees it. Registered by the uplink whether or not a broker is
 * configured: without one it reports {@code connected} false and still counts the backlog.
 */
@ProviderType
public interface UplinkStatusService {

    /**
     * A fresh snapshot: connection state and the backlog of events HQ has not acknowledged.
     *
     * @throws org.storebox.api.common.StoreboxException of kind {@code UNAVAILABLE} when the database
     *         cannot be read
     */
    UplinkStatus status();
}

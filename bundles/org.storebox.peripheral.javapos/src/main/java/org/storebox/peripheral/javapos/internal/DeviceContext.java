package org.storebox.peripheral.javapos.internal;

import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.event.EventAdmin;

/**
 * What every device of one bridge shares: the vendor class loader, where events go, the supervisor
 * that opens and re-opens devices, and the timeouts of the configuration.
 */
record DeviceContext(VendorClasses vendor, EventAdmin events, ScheduledExecutorService supervisor,
        int claimTimeoutMs, int callTimeoutMs, int retryBackoffMs) {
}

package org.storebox.peripheral.scanner.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.peripheral.BarcodeScanner;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralKind;

/**
 * One configured serial scanner, registered as {@link BarcodeScanner} and {@link Peripheral}.
 * <p>
 * It registers the service itself, as the ESC/POS driver does, so that the configuration key is
 * {@code name} in every driver while the service carries {@code peripheral.name}, and so that the
 * service holds only the peripheral.* properties (port paths stay out of the registry).
 */
@Component(configurationPid = ScannerConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = ScannerConfig.class, factory = true)
public class ScannerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ScannerComponent.class);
    /** The value of {@link Peripheral#PROP_DRIVER}. */
    static final String DRIVER = "serial-scanner";

    private final SerialBarcodeScanner scanner;
    private final ServiceRegistration<?> registration;

    @Activate
    public ScannerComponent(ScannerConfig config, BundleContext context, @Reference(name = "events") EventAdmin events) {
        this.scanner = new SerialBarcodeScanner(config, events);
        Dictionary<String, Object> props = new Hashtable<>(Map.of(Peripheral.PROP_NAME, scanner.name(),
                Peripheral.PROP_KIND, PeripheralKind.SCANNER.wire(), Peripheral.PROP_DRIVER, DRIVER));
        ServiceRegistration<?> r;
        try {
            r = context.registerService(new String[] { BarcodeScanner.class.getName(), Peripheral.class.getName() }, scanner, props);
        } catch (RuntimeException e) {
            scanner.close();
            throw e;
        }
        this.registration = r;
        LOG.debug("Scanner {} registered", scanner.name());
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        scanner.close();
    }
}

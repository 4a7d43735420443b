package org.storebox.peripheral.scale.internal;

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
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.Scale;

/**
 * One configured MT-SICS scale, registered as {@link Scale} and {@link Peripheral}.
 * <p>
 * It registers the service itself, as the ESC/POS driver does, so that the configuration key is
 * {@code name} in every driver while the service carries {@code peripheral.name}, and so that the
 * service holds only the peripheral.* properties (port paths stay out of the registry).
 */
@Component(configurationPid = ScaleConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = ScaleConfig.class, factory = true)
public class ScaleComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleComponent.class);
    /** The value of {@link Peripheral#PROP_DRIVER}. */
    static final String DRIVER = "mtsics";

    private final SicsScale scale;
    private final ServiceRegistration<?> registration;

    @Activate
    public ScaleComponent(ScaleConfig config, BundleContext context, @Reference(name = "events") EventAdmin events) {
        this.scale = new SicsScale(config, events);
        Dictionary<String, Object> props = new Hashtable<>(Map.of(Peripheral.PROP_NAME, scale.name(),
                Peripheral.PROP_KIND, PeripheralKind.SCALE.wire(), Peripheral.PROP_DRIVER, DRIVER));
        ServiceRegistration<?> r;
        try {
            r = context.registerService(new String[] { Scale.class.getName(), Peripheral.class.getName() }, scale, props);
        } catch (RuntimeException e) {
            scale.close();
            throw e;
        }
        this.registration = r;
        LOG.debug("Scale {} registered", scale.name());
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        scale.close();
    }
}

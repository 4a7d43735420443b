package org.storebox.peripheral.escpos.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.peripheral.LineDisplay;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralKind;

/**
 * One configured customer display, registered as {@link LineDisplay} and {@link Peripheral}
 * (registered by the component itself for the same reason as {@link PrinterComponent}).
 */
@Component(configurationPid = DisplayConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = DisplayConfig.class, factory = true)
public class DisplayComponent {
    private static final Logger LOG = LoggerFactory.getLogger(DisplayComponent.class);

    private final EscPosLineDisplay display;
    private final ServiceRegistration<?> registration;

    @Activate
    public DisplayComponent(DisplayConfig config, BundleContext context, @Reference(name = "events") EventAdmin events) {
        this.display = new EscPosLineDisplay(config, (topic, props) -> events.postEvent(new Event(topic, props)));
        this.registration = context.registerService(new String[] { LineDisplay.class.getName(), Peripheral.class.getName() },
                display, PrinterComponent.properties(display.name(), PeripheralKind.DISPLAY));
        display.start();
        LOG.debug("ESC/POS display {} on {} started", display.name(), config.port());
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        display.stop();
    }
}

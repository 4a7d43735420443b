package org.storebox.peripheral.escpos.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

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
import org.storebox.api.peripheral.CashDrawer;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.ReceiptPrinter;

/**
 * One configured ESC/POS printer: registers it as {@link ReceiptPrinter} and {@link Peripheral},
 * and its drawer (when {@code drawer_name} is set) as {@link CashDrawer} and {@link Peripheral}.
 * <p>
 * The component registers these services itself rather than through DS's {@code service}
 * attribute: one configuration yields two devices with different {@code peripheral.name}s, which
 * a single DS service cannot carry, and the services then hold only the peripheral.* properties
 * rather than every configuration key (port paths and timeouts stay out of the registry).
 */
@Component(configurationPid = PrinterConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = PrinterConfig.class, factory = true)
public class PrinterComponent {
    private static final Logger LOG = LoggerFactory.getLogger(PrinterComponent.class);
    static final String DRIVER = "escpos";

    private final EscPosPrinter printer;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public PrinterComponent(PrinterConfig config, BundleContext context, @Reference(name = "events") EventAdmin events) {
        this.printer = new EscPosPrinter(config, (topic, props) -> events.postEvent(new Event(topic, props)));
        registrations.add(context.registerService(new String[] { ReceiptPrinter.class.getName(), Peripheral.class.getName() },
                printer, properties(printer.name(), PeripheralKind.PRINTER)));
        CashDrawer drawer = printer.drawer();
        if (drawer != null) {
            registrations.add(context.registerService(new String[] { CashDrawer.class.getName(), Peripheral.class.getName() },
                    drawer, properties(drawer.name(), PeripheralKind.DRAWER)));
        }
        printer.start();
        LOG.debug("ESC/POS printer {} on {} started{}", printer.name(), config.port(),
                drawer == null ? "" : " with cash drawer " + drawer.name());
    }

    static Dictionary<String, Object> properties(String name, PeripheralKind kind) {
        return new Hashtable<>(Map.of(Peripheral.PROP_NAME, name, Peripheral.PROP_KIND, kind.wire(), Peripheral.PROP_DRIVER, DRIVER));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        printer.stop();
        LOG.debug("ESC/POS printer {} stopped", printer.name());
    }
}

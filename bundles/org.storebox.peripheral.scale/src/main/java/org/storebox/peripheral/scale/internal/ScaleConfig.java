package org.storebox.peripheral.scale.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Settings of one MT-SICS scale (a factory configuration per scale). */
@ObjectClassDefinition(name = "storebox MT-SICS scale",
        description = "A weighing scale on a serial port that speaks Mettler Toledo MT-SICS level 0 "
                + "(one configuration per scale: data/config/org.storebox.peripheral.scale-<name>.cfg).")
public @interface ScaleConfig {
    String PID = "org.storebox.peripheral.scale";

    @AttributeDefinition(description = "The scale's logical name, unique in the store, for example deli-scale "
            + "(service property peripheral.name).")
    String name();

    @AttributeDefinition(description = "The device path of the serial port, for example /dev/ttyUSB0 or /dev/serial/by-id/...")
    String port() default "";

    @AttributeDefinition(description = "Bits per second, as set on the scale.")
    int baud__rate() default 9600;

    @AttributeDefinition(description = "Data bits: 7 or 8.")
    int data__bits() default 8;

    @AttributeDefinition(description = "Parity.", options = { @Option(label = "none", value = "none"),
            @Option(label = "even", value = "even"), @Option(label = "odd", value = "odd") })
    String parity() default "none";

    @AttributeDefinition(description = "Stop bits: 1 or 2.")
    int stop__bits() default 1;

    @AttributeDefinition(description = "Flow control, as set on the scale: none, rts_cts (hardware) or xon_xoff (software).",
            options = { @Option(label = "none", value = "none"), @Option(label = "rts_cts", value = "rts_cts"),
                    @Option(label = "xon_xoff", value = "xon_xoff") })
    String flow__control() default "none";

    @AttributeDefinition(description = "Milliseconds the scale has to answer one command before it counts as not answering.")
    int response__timeout__ms() default 1000;

    @AttributeDefinition(description = "Milliseconds between two SI queries while the load is in motion.")
    int poll__interval__ms() default 100;

    @AttributeDefinition(description = "Milliseconds between I4 queries while the port is open but the scale does not answer.")
    int probe__interval__ms() default 5000;

    @AttributeDefinition(description = "The unit the scale must weigh in, exactly as it sends it (kg, g, lb); empty accepts any.")
    String unit() default "kg";
}

package org.storebox.peripheral.escpos.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One customer line display with the ESC/POS (Epson DM-D) command set on a serial port. */
@ObjectClassDefinition(name = "storebox ESC/POS customer display",
        description = "A two-line customer display speaking the Epson DM-D command set (one configuration per display: "
                + "data/config/org.storebox.peripheral.escpos.display-<name>.cfg).")
public @interface DisplayConfig {
    String FACTORY_PID = "org.storebox.peripheral.escpos.display";

    @AttributeDefinition(description = "Logical name, unique in the store, for example front-display (service property peripheral.name).")
    String name();

    @AttributeDefinition(description = "Serial device path, for example /dev/ttyUSB1.")
    String port();

    @AttributeDefinition(description = "Bits per second; must match the display's switch settings.")
    int baud__rate() default 9600;

    @AttributeDefinition(description = "Data bits: 7 or 8.")
    int data__bits() default 8;

    @AttributeDefinition(description = "Parity.", options = { @Option(value = "none"), @Option(value = "even"), @Option(value = "odd") })
    String parity() default "none";

    @AttributeDefinition(description = "Stop bits: 1 or 2.")
    int stop__bits() default 1;

    @AttributeDefinition(description = "Flow control: none, rts_cts (hardware handshake) or xon_xoff (the display's XOFF pauses the box). "
            + "DTR/DSR handshaking is not supported on Linux: use a cable that maps it to RTS/CTS, or XON/XOFF.",
            options = { @Option(value = "none"), @Option(value = "rts_cts"), @Option(value = "xon_xoff") })
    String flow__control() default "none";

    @AttributeDefinition(description = "Characters per line (20 on DM-D displays); East Asian wide characters count two.")
    int columns() default 20;

    @AttributeDefinition(description = "Character set of the shown text; selects the display's code page (ESC t) or two-byte mode (FS &) as for printers.")
    String charset() default "CP437";

    @AttributeDefinition(description = "Milliseconds a write may take before the display counts as not answering.")
    int response__timeout__ms() default 1000;
}

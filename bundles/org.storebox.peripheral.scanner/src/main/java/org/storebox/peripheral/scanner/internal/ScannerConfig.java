package org.storebox.peripheral.scanner.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Settings of one serial barcode scanner (a factory configuration per scanner). */
@ObjectClassDefinition(name = "storebox serial barcode scanner",
        description = "A barcode scanner on a serial port (RS-232, or USB in serial/CDC mode) that sends each code between a prefix and a suffix "
                + "(one configuration per scanner: data/config/org.storebox.peripheral.scanner-<name>.cfg).")
public @interface ScannerConfig {
    String PID = "org.storebox.peripheral.scanner";

    @AttributeDefinition(description = "The scanner's logical name, unique in the store, for example front-scanner "
            + "(service property peripheral.name).")
    String name();

    @AttributeDefinition(description = "The device path of the serial port, for example /dev/ttyUSB0 or /dev/serial/by-id/...")
    String port() default "";

    @AttributeDefinition(description = "Bits per second, as set on the scanner.")
    int baud__rate() default 9600;

    @AttributeDefinition(description = "Data bits: 7 or 8.")
    int data__bits() default 8;

    @AttributeDefinition(description = "Parity.", options = { @Option(label = "none", value = "none"),
            @Option(label = "even", value = "even"), @Option(label = "odd", value = "odd") })
    String parity() default "none";

    @AttributeDefinition(description = "Stop bits: 1 or 2.")
    int stop__bits() default 1;

    @AttributeDefinition(description = "Flow control, as set on the scanner: none, rts_cts (hardware) or xon_xoff (software).",
            options = { @Option(label = "none", value = "none"), @Option(label = "rts_cts", value = "rts_cts"),
                    @Option(label = "xon_xoff", value = "xon_xoff") })
    String flow__control() default "none";

    @AttributeDefinition(description = "Bytes the scanner sends before each code; empty for none. Escapes: \\r \\n \\t \\0 \\e (ESC) \\\\ \\xHH.")
    String prefix() default "";

    @AttributeDefinition(description = "Bytes the scanner sends after each code; never empty. Escapes as for the prefix.")
    String suffix() default "\\r\\n";

    @AttributeDefinition(description = "The longest code accepted, in characters; a longer frame is an invalid scan.")
    int max__length() default 64;

    @AttributeDefinition(description = "Milliseconds of silence after which an unterminated fragment is dropped as a cut transmission.")
    int char__timeout__ms() default 200;
}

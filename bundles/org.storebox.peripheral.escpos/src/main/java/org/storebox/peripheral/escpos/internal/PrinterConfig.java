package org.storebox.peripheral.escpos.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One ESC/POS receipt printer on a serial port, with the cash drawer that may hang on it. */
@ObjectClassDefinition(name = "storebox ESC/POS receipt printer",
        description = "An ESC/POS receipt printer on a serial port (one configuration per printer: "
                + "data/config/org.storebox.peripheral.escpos.printer-<name>.cfg).")
public @interface PrinterConfig {
    String FACTORY_PID = "org.storebox.peripheral.escpos.printer";

    @AttributeDefinition(description = "Logical name, unique in the store, for example front-printer (service property peripheral.name).")
    String name();

    @AttributeDefinition(description = "Serial device path, for example /dev/ttyUSB0 or a /dev/serial/by-id/... link.")
    String port();

    @AttributeDefinition(description = "Bits per second; must match the printer's DIP switches or memory switch settings.")
    int baud__rate() default 9600;

    @AttributeDefinition(description = "Data bits: 7 or 8.")
    int data__bits() default 8;

    @AttributeDefinition(description = "Parity.", options = { @Option(value = "none"), @Option(value = "even"), @Option(value = "odd") })
    String parity() default "none";

    @AttributeDefinition(description = "Stop bits: 1 or 2.")
    int stop__bits() default 1;

    @AttributeDefinition(description = "Flow control: none, rts_cts (hardware handshake) or xon_xoff (the printer's XOFF pauses the box). "
            + "DTR/DSR handshaking is not supported on Linux: use a cable that maps it to RTS/CTS, or XON/XOFF.",
            options = { @Option(value = "none"), @Option(value = "rts_cts"), @Option(value = "xon_xoff") })
    String flow__control() default "none";

    @AttributeDefinition(description = "Characters per line in normal size (48 on 80 mm paper with font A, 32 or 42 on 58 mm); East Asian wide characters count two.")
    int columns() default 48;

    @AttributeDefinition(description = "Character set of the printed text; also selects the printer's code page (ESC t) or two-byte mode (FS &). "
            + "GB18030 / GBK / GB2312 for simplified Chinese models, Big5 / Big5-HKSCS for traditional Chinese models, "
            + "CP437, CP850, CP852, CP858 (with the euro sign), CP860, CP863, CP865, CP866 or windows-1252 for the others.")
    String charset() default "CP437";

    @AttributeDefinition(description = "Milliseconds to wait for a status answer or for a write to go through before the printer counts as not answering.")
    int response__timeout__ms() default 1000;

    @AttributeDefinition(description = "Milliseconds between two status queries (DLE EOT 1 to 4).")
    int status__poll__ms() default 2000;

    @AttributeDefinition(description = "Longest a print job may take, waiting for an earlier job included, in milliseconds.")
    int print__timeout__ms() default 30000;

    @AttributeDefinition(description = "Logical name of the cash drawer on the printer's drawer port; empty for none. "
            + "When set, a CashDrawer service with this peripheral.name is registered too.")
    String drawer__name() default "";

    @AttributeDefinition(description = "Level of the drawer sensor (connector pin 3, DLE EOT 1 bit 2) that means the drawer is open: high or low; depends on the drawer's switch.",
            options = { @Option(value = "high"), @Option(value = "low") })
    String drawer__open__level() default "high";

    @AttributeDefinition(description = "QR code module size in dots (1 to 16).")
    int qr__size() default 6;

    @AttributeDefinition(description = "QR code error correction level.",
            options = { @Option(value = "L"), @Option(value = "M"), @Option(value = "Q"), @Option(value = "H") })
    String qr__error__correction() default "M";

    @AttributeDefinition(description = "Barcode height in dots (1 to 255).")
    int barcode__height() default 80;

    @AttributeDefinition(description = "Barcode module width (2 to 6).")
    int barcode__width() default 3;
}

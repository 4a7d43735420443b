package org.storebox.peripheral.javapos.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the JavaPOS bridge. Keys are snake_case: Declarative Services reads a double underscore
 * in a method name as one underscore in the key, so {@code claim__timeout__ms} is {@code claim_timeout_ms}.
 */
@ObjectClassDefinition(name = "storebox JavaPOS bridge",
        description = "Vendor JavaPOS device services named in a jpos.xml, presented as storebox peripherals.")
public @interface JavaposConfig {
    String PID = "org.storebox.peripheral.javapos";

    @AttributeDefinition(description = "Path of the jpos.xml (JCL format, jpos/res/jcl.dtd); "
            + "empty: <STOREBOX_DATA>/javapos/jpos.xml, where STOREBOX_DATA defaults to ./data.")
    String jpos__xml() default "";

    @AttributeDefinition(description = "Directory of the vendors' service jars (and the jars they need); "
            + "empty: <STOREBOX_DATA>/javapos/lib.")
    String lib__dir() default "";

    @AttributeDefinition(description = "Logical names of the jpos.xml entries to present (a list, or one "
            + "comma-separated string); empty: every entry of category POSPrinter, Scanner, CashDrawer, Scale or LineDisplay.")
    String[] devices() default {};

    @AttributeDefinition(description = "Milliseconds passed to claim(); the service may take this long to claim the device.")
    int claim__timeout__ms() default 5000;

    @AttributeDefinition(description = "Milliseconds any other call into a vendor service may take before the "
            + "service counts as hung: the device goes offline and is re-opened after the back-off.")
    int call__timeout__ms() default 10000;

    @AttributeDefinition(description = "Milliseconds between two attempts to open, claim and enable a device that is offline.")
    int retry__backoff__ms() default 5000;
}

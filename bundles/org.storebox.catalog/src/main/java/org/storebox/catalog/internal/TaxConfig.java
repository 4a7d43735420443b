package org.storebox.catalog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The store's tax classes and whether shelf prices include the tax. */
@ObjectClassDefinition(name = "storebox tax classes",
        description = "Tax classes that products may name, with their rates.")
public @interface TaxConfig {
    String PID = "org.storebox.catalog.tax";

    @AttributeDefinition(description = "Tax classes as name=rate, the rate a decimal fraction (standard=0.10 is 10 %); "
            + "in a .cfg file separate them with commas (classes=standard=0.10,reduced=0.05). "
            + "Hong Kong has no sales tax; Malaysian SST: standard=0.10, reduced=0.05, exempt=0.")
    String[] classes() default {"standard=0", "zero=0"};

    @AttributeDefinition(description = "True: prices contain the tax (Hong Kong shelf prices); "
            + "false: tax is added on top (Malaysian SST).")
    // Two low lines: DS and metatype turn one '_' into '.', and the key operators write is prices_include_tax.
    boolean prices__include__tax() default true;
}

package org.storebox.sales.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How sales are priced, settled and printed. */
@ObjectClassDefinition(name = "storebox sales", description = "Cash rounding, loyalty and receipts.")
public @interface SalesConfig {
    String PID = "org.storebox.sales";

    @AttributeDefinition(description = "Cash rounding step, for example 0.05 (Malaysia) or 0.10 (Hong Kong); "
            + "'auto' picks the step of the store currency (HKD 0.10, MYR 0.05, others none); 0 turns it off.")
    String cash__rounding() default "auto";

    @AttributeDefinition(description = "Loyalty points per whole currency unit of a member's sale (rounded down).")
    int points__per__unit() default 1;

    @AttributeDefinition(description = "Receipt width in printer columns (42 for 80 mm paper, 32 for 58 mm).")
    int receipt__width() default 42;

    @AttributeDefinition(description = "Lines printed at the top of every receipt (store name, address).")
    String[] receipt__header() default { "storebox" };

    @AttributeDefinition(description = "Most lines one sale may carry.")
    int max__lines() default 500;
}

package org.storebox.restock.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A restock rule for one SKU or one category (factory PID {@code org.storebox.restock.rule}, for
 * example {@code data/config/org.storebox.restock.rule-tea.cfg}); fields left at their default
 * inherit from the category rule, then the store rule.
 */
@ObjectClassDefinition(name = "storebox restock rule", description = "A restock rule for a SKU or a category.")
public @interface RuleConfig {
    String FACTORY_PID = "org.storebox.restock.rule";

    @AttributeDefinition(description = "The SKU this rule is for; empty when it is a category rule.")
    String sku() default "";

    @AttributeDefinition(description = "The product category this rule is for; empty when it is a SKU rule.")
    String category() default "";

    @AttributeDefinition(description = "Supplier lead time in days; -1 inherits.")
    int lead__time__days() default -1;

    @AttributeDefinition(description = "Service level (0..1, exclusive); -1 inherits.")
    double service__level() default -1;

    @AttributeDefinition(description = "Days of cover; -1 inherits.")
    double days__of__cover() default -1;

    @AttributeDefinition(description = "Units per pack (orders round UP to whole packs); -1 inherits.")
    double pack__size() default -1;

    @AttributeDefinition(description = "Minimum (s); -1 inherits, -2 sets none.")
    double min() default -1;

    @AttributeDefinition(description = "Maximum (S); -1 inherits, -2 sets none.")
    double max() default -1;

    @AttributeDefinition(description = "Shelf capacity; -1 inherits, -2 sets unlimited.")
    double shelf__capacity() default -1;

    @AttributeDefinition(description = "Supplier order days (MON,THU); 'inherit' inherits, empty means any day.")
    String[] order__days() default { "inherit" };
}

package org.storebox.restock.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The store-wide restock rule and the recompute settings; SKU and category rules override the rule's fields. */
@ObjectClassDefinition(name = "storebox restock", description = "Store-wide restock rule and demand window.")
public @interface RestockConfig {
    String PID = "org.storebox.restock";

    @AttributeDefinition(description = "Days of sales history (complete days before today) that demand is measured over.")
    int window__days() default 56;

    @AttributeDefinition(description = "Minutes between two full recomputes of every SKU.")
    int full__interval__min() default 60;

    @AttributeDefinition(description = "Supplier lead time in days.")
    int lead__time__days() default 2;

    @AttributeDefinition(description = "Chance of not running out during the protection period (0..1, exclusive); sets z of the safety stock.")
    double service__level() default 0.95;

    @AttributeDefinition(description = "Days of demand an order should cover beyond the reorder point.")
    double days__of__cover() default 7;

    @AttributeDefinition(description = "Units per pack; orders are rounded UP to whole packs.")
    double pack__size() default 1;

    @AttributeDefinition(description = "Minimum (s of s,S): order when on hand plus on order is at or below it; -1 for none.")
    double min() default -1;

    @AttributeDefinition(description = "Maximum (S of s,S): order up to it; -1 for none.")
    double max() default -1;

    @AttributeDefinition(description = "The most the shelf holds (a ceiling for orders); -1 for unlimited.")
    double shelf__capacity() default -1;

    @AttributeDefinition(description = "Supplier order days, for example MON,THU; empty for any day.")
    String[] order__days() default {};
}

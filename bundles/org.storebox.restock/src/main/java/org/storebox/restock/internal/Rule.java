package org.storebox.restock.internal;

import java.time.DayOfWeek;
import java.util.Set;

/**
 * A resolved restock rule for one SKU.
 *
 * @param scope where it came from: {@code sku:X}, {@code category:Y} or {@code store}
 * @param min the s of (s,S); negative when not set
 * @param max the S of (s,S); negative when not set
 * @param orderDays the supplier's order days; empty when any day
 * @param packSize units per pack; orders round UP to whole packs
 * @param shelfCapacity the most the shelf holds; negative when unlimited
 */
record Rule(String scope, double min, double max, int leadTimeDays, double serviceLevel, double daysOfCover,
        double packSize, double shelfCapacity, Set<DayOfWeek> orderDays) {
}

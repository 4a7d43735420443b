package org.storebox.api.restock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Why a suggestion exists: the rule that fired, its inputs and the steps from them to the quantity. */
public class Reasoning {
    /** {@code min_max}, {@code reorder_point} or {@code min_max+reorder_point}. */
    public String rule;
    /** Where the rule's settings came from: {@code sku:X}, {@code category:Y} or {@code store}. */
    public String ruleScope;
    public BigDecimal onHand;
    /** Quantity already ordered and not yet received. */
    public double onOrder;
    /** onHand + onOrder. */
    public double position;
    /** Average units sold per in-stock day over the window. */
    public double averageDailyDemand;
    /** Standard deviation of daily demand over the in-stock days. */
    public double demandStdDev;
    public int windowDays;
    /** Days of the window left out because the SKU was out of stock. */
    public int outOfStockDays;
    public int leadTimeDays;
    /** Days until the order after the next one can be placed (0 when any day). */
    public int reviewDays;
    public double serviceLevel;
    public double z;
    public double safetyStock;
    public double reorderPoint;
    /** The level that triggers an order: max(min, reorder point). */
    public double trigger;
    /** The level an order fills up to, before pack rounding and shelf ceiling. */
    public double target;
    /** Days the stock on hand lasts at the average demand; null when there is no demand. */
    public Double daysOfCover;
    public double packSize;
    /** Null when the shelf is unlimited. */
    public Double shelfCapacity;
    /** The steps, in English, from the inputs to the quantity. */
    public List<String> steps = new ArrayList<>();
}

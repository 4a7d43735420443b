package org.storebox.restock.internal;

/**
 * Daily demand of one SKU over a window, leaving out the days it was out of stock.
 *
 * @param windowDays days in the window
 * @param outOfStockDays days left out because on hand reached zero or below during them
 * @param mean average units sold per in-stock day
 * @param stdDev sample standard deviation of units sold per in-stock day
 */
record Demand(int windowDays, int outOfStockDays, double mean, double stdDev) {

    /**
     * Statistics of the in-stock days.
     *
     * @param sold units sold per day, oldest first
     * @param outOfStock whether each day counts as out of stock
     */
    static Demand of(double[] sold, boolean[] outOfStock) {
        int n = 0;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < sold.length; i++) {
            if (!outOfStock[i]) {
                n++;
                sum += sold[i];
                sumSq += sold[i] * sold[i];
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double var = n < 2 ? 0 : Math.max(0, (sumSq - n * mean * mean) / (n - 1));
        return new Demand(sold.length, sold.length - n, mean, Math.sqrt(var));
    }
}

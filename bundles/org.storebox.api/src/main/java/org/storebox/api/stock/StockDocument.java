package org.storebox.api.stock;

import java.util.ArrayList;
import java.util.List;

/** A goods receipt or a stock count: {@code {"reference": "PO-17", "lines": [...]}}. */
public class StockDocument {
    /** Optional reference (delivery note, count sheet). */
    public String reference;
    public List<StockLine> lines = new ArrayList<>();
}

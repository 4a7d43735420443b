package org.storebox.api.sale;

import java.util.ArrayList;
import java.util.List;

/**
 * A return against an original sale: {@code {"id": "<uuid>", "original_sale_id": "...", "lines":
 * [{"sku": "A1", "qty": 1}], "refund_tender": "cash"}}.
 */
public class ReturnRequest {
    public String id;
    public String originalSaleId;
    public List<SaleLineRequest> lines = new ArrayList<>();
    /** How the money goes back: {@code cash} (default), {@code card} or {@code voucher}. */
    public String refundTender;
    public String reason;
}

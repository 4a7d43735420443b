package org.storebox.api.sale;

import java.util.ArrayList;
import java.util.List;

/** A sale as a terminal posts it. The {@code id} is the terminal's own UUID: posting it again is safe. */
public class SaleRequest {
    public String id;
    public List<SaleLineRequest> lines = new ArrayList<>();
    public List<TenderRequest> tenders = new ArrayList<>();
    /** Optional loyalty member id. */
    public String memberId;
}

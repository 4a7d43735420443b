package org.storebox.web.internal;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.storebox.api.sale.SaleService;

/** Health check: the sale service is up. Registered only while it is; {@code /health} counts it as required. */
@Component(property = { HealthCheck.NAME + "=sales", HealthCheck.TAGS + "=storebox" })
public class SalesCheck implements HealthCheck {

    @Activate
    public SalesCheck(@Reference SaleService sales) {
        // Only the reference matters: without the sale service this check does not exist.
    }

    @Override
    public Result execute() {
        return new Result(Result.Status.OK, "the sale service takes sales");
    }
}

package org.storebox.web.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Health check: every installed bundle that is not a fragment is active. */
@Component(property = { HealthCheck.NAME + "=bundles", HealthCheck.TAGS + "=storebox" })
public class BundlesCheck implements HealthCheck {
    private final BundleContext context;

    @Activate
    public BundlesCheck(BundleContext context) {
        this.context = context;
    }

    @Override
    public Result execute() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion());
            }
        }
        return notActive.isEmpty() ? new Result(Result.Status.OK, context.getBundles().length + " bundles active")
                : new Result(Result.Status.CRITICAL, "not active: " + String.join(", ", notActive));
    }
}

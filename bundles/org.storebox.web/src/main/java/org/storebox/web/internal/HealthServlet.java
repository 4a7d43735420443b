package org.storebox.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.sale.SaleService;
import org.storebox.web.http.Http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: runs the Felix health checks tagged {@code storebox} (database, disk space,
 * bundles) and answers 200 only when all of them are OK or WARN. The servlet itself needs the sale
 * service, so it exists only once the sale path is up.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Checks that must have answered for the box to count as healthy. */
    static final Set<String> REQUIRED = Set.of("database", "disk-space", "bundles");

    private final transient HealthCheckExecutor executor;

    @Activate
    public HealthServlet(@Reference HealthCheckExecutor executor, @Reference SaleService sales) {
        this.executor = executor;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // Always run the checks now: the executor's default result cache (2 s) would keep a box
        // that just became ready answering 503.
        HealthCheckExecutionOptions now = new HealthCheckExecutionOptions();
        now.setForceInstantExecution(true);
        List<HealthCheckExecutionResult> results = executor.execute(HealthCheckSelector.tags("storebox"), now);
        Result.Status worst = Result.Status.OK;
        List<Map<String, Object>> checks = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (HealthCheckExecutionResult r : results) {
            String name = r.getHealthCheckMetadata().getName();
            seen.add(name);
            Result.Status s = r.getHealthCheckResult().getStatus();
            if (s.ordinal() > worst.ordinal()) {
                worst = s;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", name);
            c.put("status", s.name());
            StringBuilder msg = new StringBuilder();
            r.getHealthCheckResult().forEach(e -> msg.append(msg.length() == 0 ? "" : "; ").append(e.getMessage()));
            c.put("message", msg.toString());
            checks.add(c);
        }
        for (String missing : REQUIRED) {
            if (!seen.contains(missing)) {
                worst = Result.Status.CRITICAL;
                checks.add(Map.of("name", missing, "status", "CRITICAL", "message", "check not registered yet"));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", worst.name());
        body.put("checks", checks);
        resp.setHeader("Cache-Control", "no-store");
        Http.json(resp, worst.ordinal() <= Result.Status.WARN.ordinal() ? 200 : 503, body);
    }
}

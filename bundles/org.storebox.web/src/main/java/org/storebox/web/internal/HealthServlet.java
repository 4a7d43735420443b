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
import org.storebox.web.http.Http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: runs the Felix health checks tagged {@code storebox} and answers 200 only when all of them
 * are OK or WARN and each of {@link #REQUIRED} answered: the sale service is up ({@code sales}), the database
 * commits, the disk has room, every bundle is active. A box whose sale path could not start answers 503 with the
 * reason ({@code components} names the component that refused its configuration), not 404.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Checks that must have answered for the box to count as healthy. */
    static final Set<String> REQUIRED = Set.of("sales", "database", "disk-space", "bundles", "components");

    private final transient HealthCheckExecutor executor;

    @Activate
    public HealthServlet(@Reference HealthCheckExecutor executor) {
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
            if (s == Result.Status.HEALTH_CHECK_ERROR) {
                msg.append(": the check could not run, its component or one it needs did not start (the components "
                        + "check names any that failed)");
            }
            c.put("message", msg.toString());
            checks.add(c);
        }
        for (String missing : REQUIRED) {
            if (!seen.contains(missing)) {
                worst = Result.Status.CRITICAL;
                checks.add(Map.of("name", missing, "status", "CRITICAL", "message",
                        "not registered: a service it needs is not up (yet); the components check names any that failed"));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", worst.name());
        body.put("checks", checks);
        resp.setHeader("Cache-Control", "no-store");
        Http.json(resp, worst.ordinal() <= Result.Status.WARN.ordinal() ? 200 : 503, body);
    }
}

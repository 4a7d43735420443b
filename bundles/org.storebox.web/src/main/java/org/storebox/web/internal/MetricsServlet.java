package org.storebox.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.store.Database;
import org.storebox.api.uplink.UplinkStatus;
import org.storebox.api.uplink.UplinkStatusService;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /metrics} in the Prometheus text format; it carries counts only, never secrets or sales data. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Metrics metrics;
    private final transient OutboxService outbox;
    private final transient Database db;
    /** The uplink to HQ, when its bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient UplinkStatusService uplink;

    @Activate
    public MetricsServlet(@Reference Metrics metrics, @Reference OutboxService outbox, @Reference Database db) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.db = db;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder sb = new StringBuilder();
        counter(sb, "storebox_sales_total", "Sales stored (first posts, not retries).", metrics.sales.sum());
        counter(sb, "storebox_sale_retries_total", "Sale posts answered from the stored sale (idempotent retries).",
                metrics.saleReplays.sum());
        counter(sb, "storebox_returns_total", "Returns stored.", metrics.returns.sum());
        counter(sb, "storebox_voids_total", "Sales voided.", metrics.voids.sum());
        counter(sb, "storebox_refused_requests_total", "API requests answered with a 4xx or 5xx problem.", metrics.refused.sum());
        counter(sb, "storebox_api_requests_total", "API requests served.", metrics.requests.sum());
        metrics.writeLatency(sb);
        gauge(sb, "storebox_outbox_backlog", "Events not yet acknowledged by HQ.", outbox.backlog());
        gauge(sb, "storebox_outbox_last_seq", "Highest event sequence number written.", outbox.lastSeq());
        UplinkStatusService service = uplink;
        UplinkStatus u = service != null ? service.status() : ApiServlet.fromOutbox(outbox);
        gauge(sb, "storebox_uplink_connected", "1 while the uplink to HQ is connected to its broker, else 0.",
                u.connected ? 1 : 0);
        gauge(sb, "storebox_outbox_backlog_bytes", "Bytes of the events not yet acknowledged by HQ.", u.backlogBytes);
        gauge(sb, "storebox_oldest_unsynced_age_seconds", "Age of the oldest event not yet acknowledged by HQ.",
                u.oldestUnsyncedAgeS);
        gauge(sb, "storebox_database_file_bytes", "Size of the database files.", db.fileSize());
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }
}

package org.storebox.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.api.outbox.OutboxBudget;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.outbox.OutboxUsage;
import org.storebox.api.store.Database;
import org.storebox.api.uplink.UplinkStatus;
import org.storebox.api.uplink.UplinkStatusService;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics} in the Prometheus text format: the box's counts, and the process and JVM figures of
 * {@link ProcessMetrics}; never secrets or sales data.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Metrics metrics;
    private final transient OutboxService outbox;
    private final transient Database db;
    private final String version;
    /** The uplink to HQ, when its bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient UplinkStatusService uplink;
    /** The outbox's byte budget, when its component runs (it needs a valid configuration). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient OutboxBudget budget;

    @Activate
    public MetricsServlet(@Reference Metrics metrics, @Reference OutboxService outbox, @Reference Database db,
            BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
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
        OutboxBudget b = budget;
        if (b != null) {
            budget(sb, b.usage());
        }
        gauge(sb, "storebox_database_file_bytes", "Size of the database files.", db.fileSize());
        gauge(sb, "storebox_database_compaction_due", "1 while the database file waits for its compaction (a lull within "
                + "compact_hours).", db.compactionDue() ? 1 : 0);
        ProcessMetrics.write(sb, version);
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** The outbox budget beside the backlog: usage, what is never evicted, and what was evicted (since start). */
    private static void budget(StringBuilder sb, OutboxUsage u) {
        gauge(sb, "storebox_outbox_budget_bytes", "The outbox's byte budget (budget_mb).", u.budgetBytes);
        gauge(sb, "storebox_outbox_budget_used_bytes", "Bytes of the events not yet acknowledged by HQ, as stored.",
                u.bytes);
        gauge(sb, "storebox_outbox_budget_used_percent", "Used bytes as a percentage of the budget.", u.percent);
        gauge(sb, "storebox_outbox_budget_kept_bytes", "Of the used bytes, those of events that are never evicted.",
                u.keptBytes);
        gauge(sb, "storebox_outbox_held_events", "Events held for HQ (not acknowledged, not evicted).", u.events);
        counter(sb, "storebox_outbox_evicted_events_total", "Events evicted to stay under the budget since start.",
                u.evictedEvents);
        counter(sb, "storebox_outbox_evicted_bytes_total", "Bytes evicted to stay under the budget since start.",
                u.evictedBytes);
        String name = "storebox_outbox_evicted_type_events_total";
        sb.append("# HELP ").append(name).append(" Events evicted since start, by event type.\n# TYPE ").append(name)
                .append(" counter\n");
        if (u.evictedByType != null) {
            u.evictedByType.forEach((type, n) -> sb.append(name).append("{type=\"").append(label(type)).append("\"} ")
                    .append(n).append('\n'));
        }
        gauge(sb, "storebox_oldest_unsynced_sale_age_seconds",
                "Age of the oldest sale, return or void not yet acknowledged by HQ.", u.oldestUnsyncedSaleAgeS);
    }

    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
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

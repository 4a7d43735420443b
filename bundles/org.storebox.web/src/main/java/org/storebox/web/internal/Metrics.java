package org.storebox.web.internal;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Component;

/** Counters and the sale latency histogram behind {@code /metrics}. */
@Component(service = Metrics.class)
public class Metrics {
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };

    final LongAdder sales = new LongAdder();
    final LongAdder saleReplays = new LongAdder();
    final LongAdder returns = new LongAdder();
    final LongAdder voids = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder requests = new LongAdder();
    private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKETS.length + 1);
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAdder latencyCount = new LongAdder();

    void saleLatency(long nanos) {
        double s = nanos / 1e9;
        int i = 0;
        while (i < BUCKETS.length && s > BUCKETS[i]) {
            i++;
        }
        latencyBuckets.incrementAndGet(i);
        latencyNanos.add(nanos);
        latencyCount.increment();
    }

    /** The histogram in Prometheus text format. */
    void writeLatency(StringBuilder sb) {
        String name = "storebox_sale_latency_seconds";
        sb.append("# HELP ").append(name).append(" Time from a sale request to its durable answer.\n");
        sb.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += latencyBuckets.get(i);
            sb.append(name).append("_bucket{le=\"").append(String.format(Locale.ROOT, "%s", BUCKETS[i])).append("\"} ")
                    .append(cumulative).append('\n');
        }
        cumulative += latencyBuckets.get(BUCKETS.length);
        sb.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        sb.append(name).append("_sum ").append(String.format(Locale.ROOT, "%.6f", latencyNanos.sum() / 1e9)).append('\n');
        sb.append(name).append("_count ").append(latencyCount.sum()).append('\n');
    }
}

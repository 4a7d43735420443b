package org.storebox.e2e;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.storebox.e2e.Appliance.Response;

/**
 * The after-restart audit of a box that took sales from a {@link SaleLoad}: every acknowledged sale is
 * there with the same total; every sale is whole or absent (stock moved exactly by the sales that
 * exist); the journal balances; the outbox holds exactly one event per stored sale past a baseline,
 * with no gaps, and nothing acknowledged. Collects every problem instead of stopping at the first.
 */
final class Audit {
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    int acknowledgedPresent;
    int unknownPresent;
    int unknownAbsent;
    final Set<String> existing = ConcurrentHashMap.newKeySet();

    /**
     * @param received   total quantity received per SKU since the box was new
     * @param baseline   the outbox's last_seq before the first sale of the load
     */
    static Audit run(Store store, SaleLoad load, Map<String, BigDecimal> received, long baseline)
            throws InterruptedException {
        Audit a = new Audit();
        Appliance box = store.box;
        String token = store.admin();
        Map<String, SaleLoad.Sent> sent = Map.copyOf(load.sent());
        Map<String, JsonNode> acked = Map.copyOf(load.acknowledged());
        Map<String, JsonNode> stored = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (String id : sent.keySet()) {
                fs.add(pool.submit(() -> {
                    Response r = box.call("GET", "/api/v1/sales/" + id, token, null, Duration.ofSeconds(60));
                    if (r.status() == 200) {
                        stored.put(id, r.json());
                    } else if (r.status() != 404) {
                        a.problems.add("GET sale " + id + ": expected 200 or 404, got " + r);
                    }
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    a.problems.add("GET failed: " + e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, BigDecimal> sold = new TreeMap<>();
        Set<Long> seqs = new TreeSet<>();
        for (Map.Entry<String, SaleLoad.Sent> e : sent.entrySet()) {
            String id = e.getKey();
            JsonNode s = stored.get(id);
            JsonNode ack = acked.get(id);
            if (s == null) {
                if (ack != null) {
                    a.problems.add("LOST: sale " + id + " was acknowledged (total " + ack.path("total").asText()
                            + ", seq " + ack.path("seq").asText() + ") but GET answers 404");
                } else {
                    a.unknownAbsent++;
                }
                continue;
            }
            a.existing.add(id);
            if (ack != null) {
                a.acknowledgedPresent++;
                if (!ack.path("total").equals(s.path("total")) || !ack.path("seq").equals(s.path("seq"))
                        || !ack.path("lines").equals(s.path("lines"))) {
                    a.problems.add("CHANGED: sale " + id + " answered total " + ack.path("total") + " seq " + ack.path("seq")
                            + ", stored total " + s.path("total") + " seq " + s.path("seq"));
                }
            } else {
                a.unknownPresent++;
            }
            e.getValue().qtyBySku().forEach((sku, q) -> sold.merge(sku, q, BigDecimal::add));
            if (!seqs.add(s.path("seq").asLong())) {
                a.problems.add("DUPLICATE seq " + s.path("seq") + " (sale " + id + ")");
            }
            if (s.path("lines").size() != e.getValue().qtyBySku().size()) {
                a.problems.add("HALF: sale " + id + " stored with " + s.path("lines").size() + " lines, sent "
                        + e.getValue().qtyBySku().size());
            }
        }

        for (Map.Entry<String, BigDecimal> r : received.entrySet()) {
            String sku = r.getKey();
            BigDecimal expected = r.getValue().subtract(sold.getOrDefault(sku, BigDecimal.ZERO));
            Response st = box.call("GET", "/api/v1/stock/" + sku, token, null);
            if (st.status() != 200) {
                a.problems.add("stock " + sku + ": " + st);
                continue;
            }
            BigDecimal onHand = st.json().path("on_hand").decimalValue();
            if (onHand.compareTo(expected) != 0) {
                a.problems.add("STOCK " + sku + ": on_hand " + onHand.toPlainString() + ", expected " + expected.toPlainString()
                        + " (received " + r.getValue() + " - sold in existing sales " + sold.get(sku) + ")");
            }
        }

        Response tb = box.call("GET", "/api/v1/journal/trial-balance", token, null);
        if (tb.status() != 200 || !tb.json().path("balanced").asBoolean(false)
                || new BigDecimal(tb.json().path("debit_total").asText("0")).compareTo(
                        new BigDecimal(tb.json().path("credit_total").asText("-1"))) != 0) {
            a.problems.add("JOURNAL not balanced: " + tb);
        }

        Response status = box.call("GET", "/api/v1/status", token, null);
        JsonNode outbox = status.json().path("outbox");
        long lastSeq = outbox.path("last_seq").asLong(-1);
        long expectedLast = baseline + a.existing.size();
        if (lastSeq != expectedLast) {
            a.problems.add("OUTBOX last_seq " + lastSeq + ", expected " + expectedLast + " (baseline " + baseline + " + "
                    + a.existing.size() + " stored sales): " + outbox);
        }
        if (outbox.path("backlog").asLong(-1) != lastSeq || outbox.path("acknowledged_seq").asLong(-1) != 0) {
            a.problems.add("OUTBOX backlog should equal last_seq with nothing acknowledged: " + outbox);
        }
        if (!seqs.isEmpty() && (seqs.iterator().next() != baseline + 1
                || ((TreeSet<Long>) seqs).last() != baseline + seqs.size())) {
            a.problems.add("OUTBOX the stored sales' seqs are not exactly " + (baseline + 1) + ".." + (baseline + seqs.size())
                    + ": from " + seqs.iterator().next() + " to " + ((TreeSet<Long>) seqs).last());
        }
        return a;
    }

    boolean ok() {
        return problems.isEmpty();
    }

    String report() {
        synchronized (problems) {
            int n = problems.size();
            List<String> shown = problems.subList(0, Math.min(n, 30));
            return n + " problem(s):\n  " + String.join("\n  ", shown) + (n > 30 ? "\n  ..." : "");
        }
    }
}

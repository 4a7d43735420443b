package org.storebox.e2e;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.storebox.e2e.Appliance.Response;

/**
 * Concurrent terminals posting three-line cash sales until told to stop or until the box goes away.
 * Remembers every sale it sent (id, body, quantities) and every answer that acknowledged one, across
 * rounds, so that an audit after a crash can tell acknowledged sales from unknown outcomes.
 */
final class SaleLoad {
    /** A sale as sent by terminal number {@code terminal} (index into the tokens): its body and its quantity per SKU. */
    record Sent(int terminal, String id, Map<String, Object> body, Map<String, BigDecimal> qtyBySku) {
    }

    private final Appliance box;
    private final List<String> skus;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger acksThisRun = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean boxGoingAway;
    private List<Thread> threads = List.of();
    private CountDownLatch trigger = new CountDownLatch(0);
    private int triggerAfter;

    SaleLoad(Appliance box, List<String> skus) {
        this.box = box;
        this.skus = List.copyOf(skus);
    }

    /**
     * Starts one thread per token. {@link #awaitTrigger} returns once {@code triggerAfter} sales of this
     * run were acknowledged.
     */
    synchronized void start(List<String> tokens, int triggerAfter, long seed) {
        if (threads.stream().anyMatch(Thread::isAlive)) {
            throw new IllegalStateException("the previous run is still going");
        }
        stopping = false;
        boxGoingAway = false;
        acksThisRun.set(0);
        this.triggerAfter = triggerAfter;
        trigger = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            int terminal = i;
            SplittableRandom random = new SplittableRandom(seed * 31 + i);
            Thread t = new Thread(() -> run(terminal, token, random), "terminal-" + i);
            t.setDaemon(true);
            ts.add(t);
        }
        threads = ts;
        ts.forEach(Thread::start);
    }

    /** Waits until the trigger count of acknowledgements was reached; false on timeout. */
    boolean awaitTrigger(Duration timeout) throws InterruptedException {
        return trigger.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Says the box is about to be killed or stopped: failures from now on are expected. */
    void boxGoingAway() {
        boxGoingAway = true;
    }

    /** Tells the terminals to stop and waits for them (each request has its own timeout). */
    void stopAndJoin(Duration timeout) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish within " + timeout.toSeconds() + " s");
            }
        }
    }

    private void run(int terminal, String token, SplittableRandom random) {
        while (!stopping) {
            Sent s = newSale(terminal, random);
            sent.put(s.id(), s);
            Response r;
            try {
                r = box.call("POST", "/api/v1/sales", token, s.body(), Duration.ofSeconds(60));
            } catch (UncheckedIOException e) {
                if (!boxGoingAway) {
                    unexpected.add("POST sale " + s.id() + " failed while the box was up: " + e.getMessage());
                }
                return; // the box is gone: this terminal waits for it to come back
            }
            if (r.status() == 201) {
                acknowledged.put(s.id(), r.json());
                if (acksThisRun.incrementAndGet() == triggerAfter) {
                    trigger.countDown();
                }
            } else {
                if (!boxGoingAway) {
                    unexpected.add("POST sale " + s.id() + " while the box was up: " + r);
                }
                return;
            }
        }
    }

    private Sent newSale(int terminal, SplittableRandom random) {
        List<String> pool = new ArrayList<>(skus);
        List<Object> lines = new ArrayList<>();
        Map<String, BigDecimal> qty = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            String sku = pool.remove(random.nextInt(pool.size()));
            int q = 1 + random.nextInt(3);
            lines.add(Store.line(sku, q));
            qty.put(sku, BigDecimal.valueOf(q));
        }
        String id = Store.newId();
        return new Sent(terminal, id, Store.sale(id, lines, List.of(Store.cash("1000.00"))), qty);
    }

    /** Every sale ever sent, by id. */
    Map<String, Sent> sent() {
        return sent;
    }

    /** Answers (201 or 200) by sale id: the sales the box promised to keep. */
    Map<String, JsonNode> acknowledged() {
        return acknowledged;
    }

    /** Records that a sale whose first outcome was unknown is now acknowledged (after a retry). */
    void acknowledge(String id, JsonNode answer) {
        acknowledged.put(id, answer);
    }

    int acksThisRun() {
        return acksThisRun.get();
    }

    /** Failures that happened while the box was supposed to be up. */
    List<String> unexpected() {
        synchronized (unexpected) {
            return List.copyOf(unexpected);
        }
    }
}

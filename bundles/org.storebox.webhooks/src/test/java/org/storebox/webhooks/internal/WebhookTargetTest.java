package org.storebox.webhooks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.alert.AlertCondition;
import org.storebox.outbox.internal.OutboxServiceImpl;
import org.storebox.store.internal.H2Database;
import org.storebox.webhooks.internal.Receiver.Answer;

import com.fasterxml.jackson.databind.JsonNode;

import org.storebox.json.Json;
import org.storebox.store.testing.TestStore;
import org.storebox.store.testing.Poll;

/**
 * Webhook targets against the real H2 outbox and a real HTTP receiver on a loopback port: signature,
 * order under retries, Retry-After, parking and re-queueing, restarts, isolation, OAuth and filtering.
 */
class WebhookTargetTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET = "whsec-0123456789abcdef";

    @TempDir
    Path dir;
    TestStore store;
    H2Database db;
    OutboxServiceImpl outbox;
    Receiver receiver;
    final List<WebhookTarget> running = new ArrayList<>();
    final WebhookRegistry registry = new WebhookRegistry();

    @BeforeEach
    void open() throws Exception {
        store = new TestStore(dir, "HKD");
        db = store.openDatabase();
        outbox = new OutboxServiceImpl(db);
        receiver = new Receiver();
    }

    @AfterEach
    void close() {
        running.forEach(WebhookTarget::stop);
        receiver.close();
        db.close();
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> config(String name, String path) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", name);
        c.put("url", receiver.url(path));
        c.put("secret", SECRET);
        c.put("timeout_ms", 2000);
        c.put("backoff_initial_ms", 10L);
        c.put("backoff_max_ms", 40L);
        c.put("poll_interval_ms", 20L);
        return c;
    }

    private WebhookTarget start(Map<String, Object> config) {
        WebhookTarget t = new WebhookTarget(Settings.of(Configs.target(config)), outbox, outbox, db, store.storeId(),
                Clock.systemUTC(), registry);
        running.add(t);
        // The cursor starts after the newest event when the target is first seen: wait for it.
        Poll.until(WAIT, () -> t.cursor() >= 0, () -> "target " + t.name() + " never read its cursor");
        return t;
    }

    private void stop(WebhookTarget t) {
        t.stop();
        running.remove(t);
    }

    private long append(String type, String json) {
        return db.write(c -> outbox.append(c, type, json));
    }

    private long sale(int n) {
        return append("sale.completed", "{\"sale_id\":\"s" + n + "\",\"total\":\"12.50\"}");
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** What a receiver does: split the header, recompute the HMAC over "t.body", compare. */
    private static boolean verifies(Receiver.Request r, String secret) throws Exception {
        String header = r.header("Storebox-Signature");
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("t")) {
                t = kv[1];
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        return t != null && v1 != null && hmac(secret, t + "." + r.body()).equals(v1);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void signatureVerifiesWithTheSecretAndNotWithAnother() throws Exception {
        start(config("erp", "/erp"));
        long seq = sale(1);
        Poll.until(WAIT, () -> receiver.delivered("/erp").size() == 1, () -> "delivered " + receiver.delivered("/erp"));

        Receiver.Request r = receiver.on("/erp").get(0);
        assertTrue(verifies(r, SECRET), "signature with the target's secret");
        assertFalse(verifies(r, "whsec-another-secret-000"), "signature with another secret must fail");
        long t = Long.parseLong(r.header("Storebox-Signature").replaceAll("^t=(\\d+),.*$", "$1"));
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - t) < 60, "timestamp is now: " + t);
        assertEquals("TEST1:" + seq, r.header("Storebox-Event-Id"));
        assertEquals("sale.completed", r.header("Storebox-Event-Type"));
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));

        JsonNode body = Json.mapper().readTree(r.body());
        assertEquals("TEST1", body.get("store").asText());
        assertEquals(seq, body.get("seq").asLong());
        assertEquals("sale.completed", body.get("type").asText());
        // Money stays a decimal string, exactly as the outbox holds it.
        assertTrue(body.get("data").get("total").isTextual());
        assertEquals("12.50", body.get("data").get("total").asText());
        // A changed body no longer verifies.
        Receiver.Request tampered = new Receiver.Request(r.path(), r.headers(), r.body().replace("12.50", "1.50"), 0);
        assertFalse(verifies(tampered, SECRET));
    }

    @Test
    void fiveOhThreeThenSuccessKeepsTheOrder() {
        // Each event is refused with 503 twice before it is taken.
        Map<Long, AtomicInteger> tries = new java.util.concurrent.ConcurrentHashMap<>();
        receiver.script("/erp", r -> tries.computeIfAbsent(r.seq(), s -> new AtomicInteger()).incrementAndGet() <= 2
                ? Answer.of(503) : Answer.of(200));
        WebhookTarget t = start(config("erp", "/erp"));
        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            seqs.add(sale(i));
        }
        Poll.until(WAIT, () -> receiver.delivered("/erp").size() == 5, () -> "delivered " + receiver.delivered("/erp"));
        assertEquals(seqs, receiver.delivered("/erp"));
        // Never ahead: every request's seq is the one after the last success, so none overtakes a retried one.
        List<Long> all = receiver.on("/erp").stream().map(Receiver.Request::seq).toList();
        assertEquals(15, all.size(), "three attempts each: " + all);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i) >= all.get(i - 1), "out of order: " + all);
        }
        Poll.until(WAIT, () -> t.cursor() == seqs.get(4), () -> "cursor " + t.cursor());
        assertEquals(Integer.valueOf(200), t.lastStatus());
        assertEquals(null, t.failingSince());
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        AtomicInteger n = new AtomicInteger();
        receiver.script("/erp", r -> n.incrementAndGet() == 1 ? new Answer(429, Map.of("Retry-After", "1"), "slow down")
                : Answer.of(204));
        start(config("erp", "/erp"));
        sale(1);
        Poll.until(WAIT, () -> receiver.delivered("/erp").size() == 1, () -> "delivered " + receiver.delivered("/erp"));
        List<Receiver.Request> rs = receiver.on("/erp");
        assertEquals(2, rs.size());
        long gapMs = (rs.get(1).nanos() - rs.get(0).nanos()) / 1_000_000;
        // The back-off alone would be at most 40 ms here.
        assertTrue(gapMs >= 950, "retried after " + gapMs + " ms, before Retry-After: 1");
    }

    @Test
    void permanentRefusalIsParkedWithAnAlertAndTheNextEventsGoOn() {
        AtomicBoolean refuse = new AtomicBoolean(true);
        AtomicReference<Long> poison = new AtomicReference<>(-1L);
        receiver.script("/erp", r -> refuse.get() && r.seq() == poison.get()
                ? new Answer(400, Map.of("Content-Type", "application/json"), "{\"error\":\"unknown sku\"}")
                : Answer.of(200));
        Map<String, Object> c = config("erp", "/erp");
        c.put("max_attempts", 3);
        WebhookTarget t = start(c);
        WebhookAlertRule rule = new WebhookAlertRule(db, Clock.systemUTC(), registry);
        WebhooksServlet admin = new WebhooksServlet(outbox, db, bearer -> Optional.empty(), registry);

        long s1 = sale(1);
        poison.set(s1 + 1);
        long s2 = sale(2);
        long s3 = sale(3);
        Poll.until(WAIT, () -> t.cursor() == s3, () -> "cursor " + t.cursor());
        assertEquals(List.of(s1, s3), receiver.delivered("/erp"));
        assertEquals(3, receiver.on("/erp").stream().filter(r -> r.seq() == s2).count(), "attempts of the refused event");

        List<AlertCondition> alerts = rule.evaluate();
        assertEquals(1, alerts.size(), "one condition per target with parked deliveries");
        assertEquals("erp", alerts.get(0).key);
        assertEquals("webhook.parked", alerts.get(0).code);
        assertTrue(alerts.get(0).message.contains("HTTP 400"), alerts.get(0).message);
        assertEquals("webhook", rule.source());

        Map<String, Object> listed = onlyTarget(admin.list());
        assertEquals(1L, listed.get("parked"));
        assertEquals(s3, listed.get("cursor"));
        assertTrue(String.valueOf(listed.get("last_error")).contains("unknown sku"), String.valueOf(listed));

        // The receiver is fixed: the parked delivery goes out again.
        refuse.set(false);
        assertEquals(1, admin.requeue("erp"));
        Poll.until(WAIT, () -> receiver.delivered("/erp").size() == 3, () -> "delivered " + receiver.delivered("/erp"));
        assertEquals(List.of(s1, s3, s2), receiver.delivered("/erp"));
        Poll.until(WAIT, () -> rule.evaluate().isEmpty(), () -> "alert still raised: " + rule.evaluate().size());
        assertEquals(0L, onlyTarget(admin.list()).get("parked"));
        assertEquals(0L, onlyTarget(admin.list()).get("queued"));
    }

    @Test
    void dismissDropsParkedDeliveriesAndClearsTheAlert() {
        receiver.script("/erp", r -> Answer.of(422));
        Map<String, Object> c = config("erp", "/erp");
        c.put("max_attempts", 1);
        WebhookTarget t = start(c);
        WebhookAlertRule rule = new WebhookAlertRule(db, Clock.systemUTC(), registry);
        WebhooksServlet admin = new WebhooksServlet(outbox, db, bearer -> Optional.empty(), registry);
        long s1 = sale(1);
        long s2 = sale(2);
        Poll.until(WAIT, () -> t.cursor() == s2, () -> "cursor " + t.cursor());
        assertEquals(2L, onlyTarget(admin.list()).get("parked"));
        assertEquals(1, rule.evaluate().size());
        assertEquals(2, admin.dismiss("erp"));
        assertTrue(rule.evaluate().isEmpty());
        assertEquals(List.of(s1, s2), receiver.on("/erp").stream().map(Receiver.Request::seq).toList());
        assertEquals(0, admin.requeue("erp"), "nothing left to re-queue");
        assertEquals("NOT_FOUND", assertThrowsKind(() -> admin.requeue("nobody")));
    }

    @Test
    void restartResumesFromTheCursorWithoutDuplicates() throws Exception {
        WebhookTarget t = start(config("erp", "/erp"));
        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            seqs.add(sale(i));
        }
        Poll.until(WAIT, () -> t.cursor() == seqs.get(2), () -> "cursor " + t.cursor());
        stop(t);
        // Written while the box's webhooks are down, then the whole box restarts.
        for (int i = 4; i <= 6; i++) {
            seqs.add(sale(i));
        }
        db.close();
        db = store.openDatabase();
        outbox = new OutboxServiceImpl(db);
        assertEquals(seqs.get(2), new WebhookStore(db, Clock.systemUTC()).figures().get(0).cursor(),
                "the cursor survived the restart");
        WebhookTarget again = start(config("erp", "/erp"));
        Poll.until(WAIT, () -> again.cursor() == seqs.get(5), () -> "cursor " + again.cursor());
        assertEquals(seqs, receiver.delivered("/erp"));
        assertEquals(6, receiver.on("/erp").size(), "no event sent twice");
    }

    @Test
    void aTargetThatNeverAnswersDoesNotHoldUpAnother() {
        receiver.hang("/dead");
        Map<String, Object> dead = config("dead", "/dead");
        dead.put("timeout_ms", 1000);
        WebhookTarget d = start(dead);
        WebhookTarget fast = start(config("fast", "/fast"));
        List<Long> seqs = new ArrayList<>();
        long before = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            seqs.add(sale(i));
        }
        long writeMs = (System.nanoTime() - before) / 1_000_000;
        Poll.until(WAIT, () -> fast.cursor() == seqs.get(4), () -> "fast target's cursor " + fast.cursor());
        assertEquals(seqs, receiver.delivered("/fast"));
        assertTrue(receiver.delivered("/dead").isEmpty());
        assertTrue(writeMs < 1000, "the sales' writes waited " + writeMs + " ms");
        Poll.until(WAIT, () -> d.lastError() != null && d.lastError().contains("no answer"),
                () -> "dead target's last error: " + d.lastError());
        assertNotNull(d.failingSince());
        assertTrue(d.cursor() < seqs.get(0), "the dead target did not move on: " + d.cursor());
        // Stopping does not wait for the hung request.
        long stopStart = System.nanoTime();
        stop(d);
        long stopMs = (System.nanoTime() - stopStart) / 1_000_000;
        assertTrue(stopMs < 900, "deactivate took " + stopMs + " ms");
    }

    @Test
    void oauthTokenIsFetchedOnceReusedAndRefreshedAfterA401() {
        AtomicInteger issued = new AtomicInteger();
        AtomicReference<String> valid = new AtomicReference<>("tok-1");
        List<String> tokenRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
        receiver.script("/token", r -> {
            tokenRequests.add(r.header("Authorization") + " " + r.body());
            return new Answer(200, Map.of("Content-Type", "application/json"), "{\"access_token\":\"tok-"
                    + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        });
        receiver.script("/erp", r -> ("Bearer " + valid.get()).equals(r.header("Authorization")) ? Answer.of(200)
                : Answer.of(401));
        Map<String, Object> c = config("erp", "/erp");
        c.put("oauth_token_url", receiver.url("/token"));
        c.put("oauth_client_id", "box:1");
        c.put("oauth_client_secret", "s3cret&more");
        c.put("oauth_scope", "events.write");
        // A long back-off: the retry after a 401 must not wait for it.
        c.put("backoff_initial_ms", 5000L);
        c.put("backoff_max_ms", 5000L);
        WebhookTarget t = start(c);
        long s1 = sale(1);
        long s2 = sale(2);
        long s3 = sale(3);
        Poll.until(WAIT, () -> t.cursor() == s3, () -> "cursor " + t.cursor());
        assertEquals(List.of(s1, s2, s3), receiver.delivered("/erp"));
        assertEquals(1, t.tokenFetches(), "one token for three deliveries");
        assertEquals(1, tokenRequests.size());
        String basic = "Basic " + Base64.getEncoder().encodeToString("box%3A1:s3cret%26more".getBytes(StandardCharsets.UTF_8));
        assertEquals(basic + " grant_type=client_credentials&scope=events.write", tokenRequests.get(0));

        // The receiver revokes tok-1: a 401, a new token, the same event again at once.
        valid.set("tok-2");
        long s4 = sale(4);
        Poll.until(WAIT, () -> t.cursor() == s4, () -> "cursor " + t.cursor());
        assertEquals(2, t.tokenFetches());
        List<Receiver.Request> forS4 = receiver.on("/erp").stream().filter(r -> r.seq() == s4).toList();
        assertEquals(List.of("Bearer tok-1", "Bearer tok-2"), forS4.stream().map(r -> r.header("Authorization")).toList());
        long retryMs = (forS4.get(1).nanos() - forS4.get(0).nanos()) / 1_000_000;
        assertTrue(retryMs < 2000, "the retry with a new token waited " + retryMs + " ms");
        assertEquals(List.of(s1, s2, s3, s4), receiver.delivered("/erp"));
    }

    @Test
    void onlySubscribedTypesAreSentAndTheOthersStillMoveTheCursor() {
        Map<String, Object> c = config("erp", "/erp");
        c.put("event_types", new String[] { "sale.*", "day.closed" });
        WebhookTarget t = start(c);
        long a = append("sale.completed", "{\"n\":1}");
        append("stock.adjusted", "{\"n\":2}");
        long b = append("day.closed", "{\"n\":3}");
        append("return.completed", "{\"n\":4}");
        long d = append("sale.voided", "{\"n\":5}");
        long last = append("alert.raised", "{\"n\":6}");
        Poll.until(WAIT, () -> t.cursor() == last, () -> "cursor " + t.cursor());
        assertEquals(List.of(a, b, d), receiver.delivered("/erp"));
        assertEquals(List.of("sale.completed", "day.closed", "sale.voided"),
                receiver.on("/erp").stream().map(r -> r.header("Storebox-Event-Type")).toList());
    }

    @Test
    void eventsGoneFromTheOutboxAreCountedAsMissedAndAlerted() {
        Map<String, Object> c = config("erp", "/erp");
        WebhookTarget t = start(c);
        stop(t);
        long s1 = sale(1);
        long s2 = sale(2);
        long s3 = sale(3);
        // HQ acknowledged the first two while this target was stopped, and nothing held them (its hold was
        // released, as when retain_mb or retain_days are exceeded): the outbox deleted them.
        assertTrue(outbox.release(WebhookStore.holder("erp")));
        outbox.acknowledge(s2);
        WebhookTarget again = start(c);
        Poll.until(WAIT, () -> again.cursor() == s3, () -> "cursor " + again.cursor());
        assertEquals(List.of(s3), receiver.delivered("/erp"));
        WebhookAlertRule rule = new WebhookAlertRule(db, Clock.systemUTC(), registry);
        List<AlertCondition> alerts = rule.evaluate();
        assertEquals(1, alerts.size());
        assertEquals("missed:erp", alerts.get(0).key);
        assertTrue(alerts.get(0).message.startsWith("2 event(s)"), alerts.get(0).message);
        assertNotEquals(s1, s3);
    }

    @Test
    void aTargetDownWhileHqAcknowledgesEverythingGetsEveryEventInOrderWhenItReturns() {
        AtomicBoolean down = new AtomicBoolean(true);
        receiver.script("/erp", r -> down.get() ? Answer.of(503) : Answer.of(200));
        WebhookTarget t = start(config("erp", "/erp"));
        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            seqs.add(sale(i));
        }
        Poll.until(WAIT, () -> receiver.on("/erp").size() >= 3, () -> "attempts " + receiver.on("/erp").size());
        // HQ has everything: nothing waits for HQ, but the outbox keeps the events for the target.
        outbox.acknowledge(seqs.get(7));
        assertEquals(0, outbox.backlog());
        org.storebox.outbox.internal.OutboxBudgetImpl budget = new org.storebox.outbox.internal.OutboxBudgetImpl(
                Budget.settings(), db);
        try {
            down.set(false);
            Poll.until(WAIT, () -> t.cursor() == seqs.get(7), () -> "cursor " + t.cursor());
            assertEquals(seqs, receiver.delivered("/erp"), "every event, in order, none missed");
            assertEquals(0, new WebhookStore(db, Clock.systemUTC()).figures().get(0).missed());
            // Both have them now: the outbox's own thread deletes them.
            Poll.until(WAIT, () -> outbox.readKept(0, 10).isEmpty(), () -> "kept " + outbox.readKept(0, 10).size());
            assertEquals(0, budget.usage().retainDroppedEvents);
        } finally {
            budget.deactivate();
        }
    }

    @Test
    void removingATargetsConfigurationReleasesItsHold() {
        WebhookTarget t = start(config("erp", "/erp"));
        long s1 = sale(1);
        Poll.until(WAIT, () -> t.cursor() == s1, () -> "cursor " + t.cursor());
        assertEquals(s1 + 1, outbox.heldFrom(WebhookStore.holder("erp")));
        running.remove(t);
        t.deactivate(1); // disabled, as when the bundle stops: the hold stays
        assertEquals(s1 + 1, outbox.heldFrom(WebhookStore.holder("erp")));
        WebhookTarget again = start(config("erp", "/erp"));
        running.remove(again);
        again.deactivate(4); // ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED
        assertEquals(-1, outbox.heldFrom(WebhookStore.holder("erp")));
        long s2 = sale(2);
        outbox.acknowledge(s2);
        assertTrue(outbox.readKept(0, 10).isEmpty(), "nothing held: deleted on HQ's acknowledgement");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyTarget(Map<String, Object> list) {
        List<Map<String, Object>> targets = (List<Map<String, Object>>) list.get("targets");
        assertEquals(1, targets.size(), String.valueOf(targets));
        return targets.get(0);
    }

    private static String assertThrowsKind(Runnable r) {
        try {
            r.run();
        } catch (org.storebox.api.common.StoreboxException e) {
            return e.kind().name();
        }
        throw new AssertionError("no StoreboxException");
    }
}

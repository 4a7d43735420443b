package org.storebox.webhooks.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxRetention;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.json.Json;

/**
 * One webhook target: delivers the outbox events of the types it subscribes to, one at a time and in
 * sequence order, as signed HTTP POSTs, on a thread of its own ({@code storebox-webhook-<name>}), so a
 * slow or dead receiver delays neither a sale nor another target.
 *
 * <p>The cursor in {@code webhook_cursor} moves past an event only once the receiver answered 2xx (or the
 * delivery was parked, in the same transaction as the parked row): after a restart delivery resumes
 * after the cursor. A crash between the 2xx and the cursor's commit sends that one event again
 * (at-least-once); receivers drop duplicates by {@code Storebox-Event-Id}.
 *
 * <p>Network errors, timeouts, 5xx, 401, 408 and 429 are retried with exponential back-off and jitter
 * (Retry-After honoured) for as long as they last: the target's lag grows and an alert says so. Any
 * other answer (4xx, 3xx) is a refusal: after {@code max_attempts} attempts the delivery is parked and
 * the cursor moves on. A re-queued parked delivery goes out before the next new event.
 */
@Component(service = {}, configurationPid = WebhookTargetConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = WebhookTargetConfig.class, factory = true)
public class WebhookTarget {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookTarget.class);
    private static final int BATCH = 100;
    /** ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED, without importing the DS API for one number. */
    private static final int CONFIGURATION_DELETED = 4;

    private final Settings settings;
    private final OutboxService outbox;
    private final OutboxRetention retention;
    private final WebhookStore store;
    private final String storeId;
    private final Clock clock;
    private final HttpClient http;
    private final Signer signer;
    private final TokenSource tokens;
    private final Backoff backoff;
    private final ExecutorService executor;
    private final WebhookRegistry registry;

    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean stopping;
    private final AtomicBoolean requeued = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong attemptsMade = new AtomicLong();
    private volatile long cursor = -1;
    private volatile String lastError;
    private volatile Integer lastStatus;
    private volatile Instant lastSuccessAt;
    private volatile Instant failingSince;

    /** Stops the target's thread from anywhere inside a delivery. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopping", null, false, false);
        }
    }

    /** What one HTTP attempt came to. */
    private record Attempt(Integer status, String error, boolean permanent, long retryAfterMs) {
        boolean ok() {
            return status != null && status / 100 == 2;
        }
    }

    /** What a delivery came to: delivered, or parked after {@code attempts} with the last failure. */
    private record Result(boolean delivered, int attempts, Integer status, String error) {
    }

    /**
     * @throws IllegalArgumentException for a configuration that cannot work; its message starts with the key
     */
    @Activate
    public WebhookTarget(WebhookTargetConfig config, @Reference OutboxService outbox,
            @Reference OutboxRetention retention, @Reference Database db, @Reference StoreInfo store,
            @Reference WebhookRegistry registry) {
        this(Settings.of(config), outbox, retention, db, store.storeId(), Clock.systemUTC(), registry);
    }

    WebhookTarget(Settings settings, OutboxService outbox, OutboxRetention retention, Database db, String storeId,
            Clock clock, WebhookRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.outbox = outbox;
        this.retention = retention;
        this.store = new WebhookStore(db, clock, retention);
        this.storeId = storeId;
        this.clock = clock;
        this.signer = new Signer(settings.secret());
        this.backoff = new Backoff(settings.backoffInitialMs(), settings.backoffMaxMs(),
                () -> ThreadLocalRandom.current().nextDouble());
        // HTTP/1.1: one request at a time per target gains nothing from HTTP/2, and no h2c upgrade surprises a receiver.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(settings.timeoutMs()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.tokens = settings.oauth() ? new TokenSource(this::send, settings.tokenUrl(), settings.clientId(),
                settings.clientSecret(), settings.scope(), Duration.ofMillis(settings.timeoutMs()), clock) : null;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "storebox-webhook-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::run);
        registry.add(this);
        LOG.info("Webhook target {} delivers {} to {}{}", settings.name(), settings.filter().patterns(),
                Settings.redacted(settings.url()), settings.oauth() ? " with OAuth client " + settings.clientId() : "");
    }

    /** Stops the target; when its configuration was deleted, also releases its outbox hold. */
    @Deactivate
    void deactivate(int reason) {
        stop();
        if (reason == CONFIGURATION_DELETED) {
            try {
                retention.release(WebhookStore.holder(settings.name()));
            } catch (RuntimeException e) {
                LOG.warn("Webhook target {}: its outbox hold was not released ({}); the retention limits bound it",
                        settings.name(), e.getMessage());
            }
        }
    }

    /** Stops the target's thread; its cursor and outbox hold stay. */
    void stop() {
        registry.remove(this);
        stopping = true;
        wake();
        executor.shutdown();
        // Never interrupted: the thread may be inside a database write, which must not see an interrupt.
        try {
            if (!executor.awaitTermination(settings.timeoutMs() + 10_000L, TimeUnit.MILLISECONDS)) {
                LOG.warn("Webhook target {}: its thread did not stop in time; left to finish on its own", settings.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ for the admin API and the alert rule

    String name() {
        return settings.name();
    }

    Settings settings() {
        return settings;
    }

    /** The last delivered (or parked, or skipped) seq; -1 before the thread has read it. */
    long cursor() {
        return cursor;
    }

    String lastError() {
        return lastError;
    }

    Integer lastStatus() {
        return lastStatus;
    }

    Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    /** Since when the delivery at the head of the line has been failing; null when it is not. */
    Instant failingSince() {
        return failingSince;
    }

    long delivered() {
        return delivered.get();
    }

    long attempts() {
        return attemptsMade.get();
    }

    /** Tokens fetched from the OAuth endpoint; 0 without OAuth. */
    long tokenFetches() {
        return tokens == null ? 0 : tokens.fetches();
    }

    /** Re-queued deliveries are waiting: take them before the next new event. */
    void requeued() {
        requeued.set(true);
        wake();
    }

    // ------------------------------------------------------------------ the target's thread

    private void run() {
        LOG.debug("Webhook target {}: thread started", settings.name());
        while (!stopping) {
            try {
                try {
                    if (cursor < 0) {
                        long initial = settings.deliverExisting() ? outbox.acknowledgedSeq() : outbox.lastSeq();
                        cursor = store.cursor(settings.name(), initial);
                        LOG.debug("Webhook target {}: cursor at seq {}", settings.name(), cursor);
                    }
                    if (!step()) {
                        idle(settings.pollIntervalMs());
                    }
                } catch (Stopped e) {
                    throw e;
                } catch (StoreboxException e) {
                    LOG.warn("Webhook target {}: the database is not available ({}); trying again", settings.name(),
                            e.getMessage());
                    pause(1000);
                } catch (RuntimeException e) {
                    LOG.error("Webhook target {}: delivery loop failed; trying again", settings.name(), e);
                    pause(backoff.next());
                }
            } catch (Stopped e) {
                break;
            }
        }
        LOG.debug("Webhook target {}: thread stopped", settings.name());
    }

    /** Delivers what is waiting; false when there was nothing. */
    private boolean step() {
        if (requeued.getAndSet(false)) {
            WebhookStore.Parked p = store.nextQueued(settings.name());
            if (p != null) {
                requeued.set(true);
                Result r = deliver(p.body(), p.seq(), p.type());
                if (r.delivered()) {
                    store.delivered(p.id());
                    LOG.info("Webhook target {}: re-queued seq {} ({}) delivered", settings.name(), p.seq(), p.type());
                } else {
                    store.repark(p.id(), p.attempts() + r.attempts(), r.status(), r.error());
                    LOG.warn("Webhook target {}: re-queued seq {} ({}) parked again after {} attempts: {}",
                            settings.name(), p.seq(), p.type(), r.attempts(), r.error());
                }
                return true;
            }
        }
        List<OutboxEvent> events = retention.readKept(cursor + 1, BATCH);
        if (events.isEmpty()) {
            return false;
        }
        long skipTo = -1;
        for (OutboxEvent e : events) {
            long expected = Math.max(cursor, skipTo) + 1;
            if (e.seq > expected) {
                // Acknowledged by HQ (and so deleted) or evicted before this target came to it.
                store.missed(settings.name(), expected, e.seq - 1);
                cursor = e.seq - 1;
                LOG.warn("Webhook target {}: events seq {} to {} were no longer in the outbox and are not delivered",
                        settings.name(), expected, e.seq - 1);
            }
            if (!settings.filter().matches(e.type)) {
                skipTo = e.seq;
                continue;
            }
            String body = body(e);
            Result r = deliver(body, e.seq, e.type);
            if (r.delivered()) {
                store.advance(settings.name(), e.seq);
            } else {
                store.park(settings.name(), e.seq, e.id, e.type, body, r.attempts(), r.status(), r.error());
                LOG.warn("Webhook target {}: seq {} ({}) parked after {} attempts: {}", settings.name(), e.seq, e.type,
                        r.attempts(), r.error());
            }
            cursor = e.seq;
            if (requeued.get()) {
                return true;
            }
        }
        if (skipTo > cursor) {
            // Not subscribed: only the cursor moves, once per batch.
            store.advance(settings.name(), skipTo);
            cursor = skipTo;
        }
        return true;
    }

    /** Attempts a delivery until it succeeds or is parked; throws {@link Stopped} when the target stops. */
    private Result deliver(String body, long seq, String type) {
        boolean refreshed = false;
        for (int attempt = 1;; attempt++) {
            if (stopping) {
                throw new Stopped();
            }
            Attempt a = attempt(body, seq, type);
            attemptsMade.incrementAndGet();
            if (a.ok()) {
                backoff.reset();
                lastStatus = a.status();
                lastSuccessAt = clock.instant();
                failingSince = null;
                delivered.incrementAndGet();
                LOG.debug("Webhook target {}: seq {} ({}) delivered, {}", settings.name(), seq, type, a.status());
                return new Result(true, attempt, a.status(), null);
            }
            lastStatus = a.status();
            lastError = a.error();
            if (failingSince == null) {
                failingSince = clock.instant();
            }
            if (a.status() != null && a.status() == 401 && tokens != null) {
                tokens.invalidate();
                if (!refreshed) {
                    // The token may have been revoked early: once per delivery, a new one at once.
                    refreshed = true;
                    continue;
                }
            }
            if (a.permanent() && attempt >= settings.maxAttempts()) {
                // Parked: the next event starts afresh, and the parked alert (not "failing") reports this one.
                backoff.reset();
                failingSince = null;
                return new Result(false, attempt, a.status(), a.error());
            }
            long delay = a.retryAfterMs() >= 0 ? a.retryAfterMs() : backoff.next();
            LOG.debug("Webhook target {}: seq {} attempt {} failed ({}); next in {} ms", settings.name(), seq, attempt,
                    a.error(), delay);
            pause(delay);
        }
    }

    private Attempt attempt(String body, long seq, String type) {
        long t = clock.instant().getEpochSecond();
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(settings.url())
                    .timeout(Duration.ofMillis(settings.timeoutMs()))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "storebox-webhooks")
                    .header("Storebox-Event-Id", storeId + ":" + seq)
                    .header("Storebox-Event-Type", type)
                    .header("Storebox-Signature", signer.header(t, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // A type that cannot be a header value: no receiver will ever get it, so it is parked.
            return new Attempt(null, "cannot be sent: " + e.getMessage(), true, -1);
        }
        try {
            if (tokens != null) {
                b.header("Authorization", "Bearer " + tokens.token());
            }
            HttpResponse<String> r = send(b.build());
            int s = r.statusCode();
            if (s / 100 == 2) {
                return new Attempt(s, null, false, -1);
            }
            long retryAfter = s == 429 || s == 503 ? retryAfterMs(r.headers().firstValue("Retry-After")) : -1;
            boolean permanent = s / 100 == 5 ? false : !(s == 401 || s == 408 || s == 429);
            return new Attempt(s, "HTTP " + s + snippet(r.body()), permanent, retryAfter);
        } catch (TokenSource.TokenException e) {
            return new Attempt(null, e.getMessage(), false, -1);
        } catch (HttpTimeoutException e) {
            return new Attempt(null, "no answer within " + settings.timeoutMs() + " ms", false, -1);
        } catch (IOException e) {
            return new Attempt(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    false, -1);
        }
    }

    /** Sends on the HTTP client's threads and waits here, so a stop ends the wait without interrupting anyone. */
    private HttpResponse<String> send(HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        f.whenComplete((r, e) -> nudge());
        // The client's own timeout ends at the headers; this one also bounds a body that trickles.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs() + 1000L);
        synchronized (signal) {
            while (!f.isDone() && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
        if (!f.isDone()) {
            f.cancel(true);
            if (stopping) {
                throw new Stopped();
            }
            throw new HttpTimeoutException("no answer in time");
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? e.toString() : cause.toString(), cause);
        }
    }

    /** The JSON body: the event as the outbox holds it, with the store id; {@code data} verbatim. */
    String body(OutboxEvent e) {
        return "{\"store\":" + Json.write(storeId) + ",\"seq\":" + e.seq + ",\"id\":" + Json.write(e.id)
                + ",\"type\":" + Json.write(e.type) + ",\"time\":" + Json.write(e.time.toString()) + ",\"data\":"
                + e.dataText() + "}";
    }

    /** Retry-After in milliseconds (seconds or an HTTP date), capped by retry_after_max_s; -1 when absent or bad. */
    long retryAfterMs(Optional<String> header) {
        if (header.isEmpty()) {
            return -1;
        }
        String v = header.get().trim();
        long ms;
        try {
            ms = Math.max(0, Long.parseLong(v)) * 1000;
        } catch (NumberFormatException e) {
            try {
                ms = Math.max(0, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                        - clock.millis());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
        return Math.min(ms, settings.retryAfterMaxS() * 1000L);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String s = body.replaceAll("[\\p{Cntrl}]+", " ").trim();
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    /** Waits for new work (a requeue) or the poll interval. */
    private void idle(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (signal) {
            while (!signalled && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            signalled = false;
        }
        if (stopping) {
            throw new Stopped();
        }
    }

    /** Waits a retry delay; only a stop ends it early. */
    private void pause(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (signal) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
        if (stopping) {
            throw new Stopped();
        }
    }

    private void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    private void nudge() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}

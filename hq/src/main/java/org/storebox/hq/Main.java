package org.storebox.hq;

import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.storebox.hq.Args.UsageException;

/** The {@code storebox-hq} command line: {@code ingest}, {@code push}, {@code stores}, {@code tail}. */
public final class Main {
    private static final Set<String> MQTT = Set.of("broker", "user", "password-file", "client-id");
    private static final Set<String> DB = Set.of("jdbc", "db-user", "db-password-file");

    static final String USAGE = """
            storebox-hq: HQ's tool for a chain of storebox boxes (MQTT namespace storebox/v1).

            usage: java -jar storebox-hq.jar COMMAND [OPTIONS]      (COMMAND --help for its options)

              ingest   store every box's events in the database and acknowledge them
              push     send a command to some stores or all, optionally wait for the replies
              stores   one line per store: status, backlog, events stored, acked prefix, gaps
              tail     print events live as boxes send them

            Broker options (ingest, push, tail):
              --broker URL           tcp://host:1883 or ssl://host:8883 (trust store: -Djavax.net.ssl.trustStore=...)
              --user NAME            MQTT user name
              --password-file FILE   file holding the MQTT password (never put a password on the command line)
              --client-id ID         MQTT client id

            Database options (ingest, stores, push --all):
              --jdbc URL             default %s
                                     (H2 AUTO_SERVER: several local processes share the file; PostgreSQL:
                                     jdbc:postgresql://host/db)
              --db-user NAME         database user
              --db-password-file F   file holding the database password
            """.formatted(EventStore.DEFAULT_JDBC);

    static final String INGEST = """
            usage: ingest --broker URL [--user U --password-file F] [--jdbc URL] [--client-id ID]
                          [--session-expiry-s N] [--group NAME]

            Subscribes to $share/hq/storebox/v1/+/events (QoS 1, clean start off: the broker keeps the
            messages while this process is down) and to storebox/v1/+/status. Each events message is stored
            in one transaction; events already stored (same store and seq) are counted as duplicates; gaps
            are logged. Then publishes {"up_to": N} (retained, QoS 1) on storebox/v1/{store}/ack, N being
            the highest seq such that every seq 1..N of that store is stored. Messages that are not valid
            JSON of that shape are logged, kept in hq_poison and acknowledged at MQTT level.
            Run several processes (each with its own --client-id) on one database to share the load.
            A broker that is not listening yet is waited for (retried every second); one that refuses
            the user or password ends the start with its reason. Stops cleanly on SIGTERM or Ctrl-C.

              --client-id ID         default hq-ingest-<hostname>; keep it stable across restarts
              --session-expiry-s N   how long the broker keeps this session while it is down (default 3600)
              --group NAME           share group (default hq): $share/NAME/storebox/v1/+/events
            """;

    static final String PUSH = """
            usage: push --broker URL (--stores S1,S2 | --all) --command NAME --file payload.json [--wait-s N]
                        [--request-id ID] [--jdbc URL]

            Publishes the JSON object in the file, with a fresh "request_id" added, to
            storebox/v1/{store}/cmd/{NAME} for each store (or once to storebox/v1/all/cmd/{NAME}), QoS 1.
            With --wait-s, waits up to N seconds for replies on storebox/v1/{store}/reply/{request_id} and
            prints one line per store: "S1 ok", "S1 error: <why>" or "S1 no answer". With --all, the stores
            known to the database (--jdbc) are the ones expected to answer.
            A box answers a request id it has seen with the outcome it stored then, without applying the
            command again: to ask again after "no answer", push the same file with --request-id <the id>.
            Commands and payload files: docs/commands.md and hq/examples/.
            Exit status: 0 when every expected store answered ok (or without --wait-s), 3 otherwise.
            """;

    static final String STORES = """
            usage: stores [--jdbc URL]

            One line per store: last status state, box version, backlog (events the box holds that HQ has
            not acknowledged), age in seconds of its oldest unsynced event, events stored, highest
            contiguous seq (what HQ acknowledges), missing seq ranges, duplicates dropped, poison
            messages set aside, time of the newest event stored.
            """;

    static final String TAIL = """
            usage: tail --broker URL [--store S] [--max N]

            Prints events as boxes send them, one line each: store, seq, type, time, start of data.
            Does not take events away from ingest (plain subscription). --max N: stop after N events.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        // H2 keeps a cache of small values and hashes every text it is given for it (unless told otherwise before
        // its classes load): for ingest, every event's data, a cache that never hits. Store time 16.5 -> 13 us an
        // event without it (BENCHMARKS.md, drain).
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
        configureLogging();
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command; returns the process exit status. */
    static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            out.print(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        boolean help = rest.contains("--help") || rest.contains("-h");
        try {
            switch (command) {
                case "ingest":
                    if (help) {
                        out.print(INGEST);
                        return 0;
                    }
                    return ingest(Args.parse(command, rest, union(MQTT, DB, Set.of("session-expiry-s", "group")), Set.of()));
                case "push":
                    if (help) {
                        out.print(PUSH);
                        return 0;
                    }
                    return push(Args.parse(command, rest, union(MQTT, DB, Set.of("stores", "command", "file", "wait-s", "request-id")),
                            Set.of("all")), out);
                case "stores":
                    if (help) {
                        out.print(STORES);
                        return 0;
                    }
                    return stores(Args.parse(command, rest, DB, Set.of()), out);
                case "tail":
                    if (help) {
                        out.print(TAIL);
                        return 0;
                    }
                    return tail(Args.parse(command, rest, union(MQTT, Set.of("store", "max")), Set.of()), out);
                default:
                    err.println("unknown command '" + command + "' (ingest, push, stores, tail; --help)");
                    return 2;
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println(command + " failed: " + e);
            System.getLogger(Main.class.getName()).log(Level.DEBUG, "failure", e);
            return 1;
        }
    }

    private static int ingest(Args a) throws Exception {
        Logger log = System.getLogger(Main.class.getName());
        MqttSettings mqtt = MqttSettings.from(a, MqttSettings.hostClientId("hq-ingest"));
        long expiry = a.longValue("session-expiry-s", 3_600);
        if (expiry < 1) {
            throw new UsageException("ingest: --session-expiry-s must be at least 1 (a persistent session)");
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        EventStore db = EventStore.from(a);
        Ingest ingest = new Ingest(mqtt, db, expiry, a.get("group", Topics.DEFAULT_GROUP));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hq-shutdown"));
        try {
            if (!ingest.start(stop)) {
                return 0; // stopped while waiting for the broker
            }
            String last = "";
            while (!stop.await(60, TimeUnit.SECONDS)) {
                String now = ingest.counters();
                if (!now.equals(last)) {
                    log.log(Level.INFO, now);
                    last = now;
                }
            }
        } finally {
            // The MQTT side first, so no message is being stored while the database closes.
            ingest.close();
            db.close();
            // On SIGTERM java.util.logging may already be shut down by its own hook: print directly.
            System.err.println(java.time.LocalDateTime.now() + " INFO ingest " + mqtt.clientId + " stopped: "
                    + ingest.counters());
            stopped.countDown();
        }
        return 0;
    }

    private static int push(Args a, PrintStream out) throws Exception {
        String command = Topics.level("command", a.required("command"));
        List<String> stores = a.list("stores");
        if (a.flag("all") == !stores.isEmpty()) {
            throw new UsageException("push: give either --stores S1,S2 or --all");
        }
        for (String s : stores) {
            Topics.level("store", s);
        }
        var payload = Push.payload(Path.of(a.required("file")));
        String requestId = a.get("request-id");
        if (requestId != null && !requestId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new UsageException("push: --request-id '" + requestId
                    + "' must be 1 to 64 letters, digits, '.', '_', ':' or '-' (the id an earlier push printed)");
        }
        long waitS = a.longValue("wait-s", 0);
        List<String> expected = new ArrayList<>();
        if (a.flag("all") && waitS > 0 && a.get("jdbc") != null) {
            try (EventStore db = EventStore.from(a)) {
                for (EventStore.StoreInfo s : db.stores()) {
                    expected.add(s.store());
                }
            }
        }
        MqttSettings mqtt = MqttSettings.from(a, "hq-push-" + java.util.UUID.randomUUID());
        List<Push.Outcome> outcomes = new Push(mqtt).push(stores, expected, command, payload, waitS, out,
                requestId == null ? java.util.UUID.randomUUID().toString() : requestId);
        boolean allOk = outcomes.stream().allMatch(o -> o.result().equals("ok"));
        return allOk && (waitS <= 0 || !outcomes.isEmpty()) ? 0 : 3;
    }

    private static int stores(Args a, PrintStream out) throws Exception {
        try (EventStore db = EventStore.from(a)) {
            db.createSchema();
            Stores.print(db.stores(), out);
        }
        return 0;
    }

    private static int tail(Args a, PrintStream out) throws Exception {
        String store = a.get("store");
        if (store != null) {
            Topics.level("store", store);
        }
        MqttSettings mqtt = MqttSettings.from(a, "hq-tail-" + java.util.UUID.randomUUID());
        try (Tail tail = new Tail(mqtt, out, a.longValue("max", 0))) {
            tail.start(store);
            tail.await(Long.MAX_VALUE, TimeUnit.DAYS);
        }
        return 0;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        java.util.HashSet<String> all = new java.util.HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    /** One line per record on standard error, unless the user configured java.util.logging already. */
    static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        java.util.logging.Logger.getLogger("org.eclipse.paho").setLevel(java.util.logging.Level.WARNING);
    }
}

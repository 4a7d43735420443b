package org.storebox.webhooks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on a free loopback port (the JDK's HttpServer): records every request per path
 * and answers as each path's script says. Also serves as the OAuth token endpoint in the tests.
 */
final class Receiver implements AutoCloseable {
    /** One request as received. */
    record Request(String path, Headers headers, String body, long nanos) {
        String header(String name) {
            return headers.getFirst(name);
        }

        long seq() {
            String id = header("Storebox-Event-Id");
            return Long.parseLong(id.substring(id.indexOf(':') + 1));
        }
    }

    /** An answer: status, headers, body. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Answered> answered = new CopyOnWriteArrayList<>();

    /** A request and the status it was answered with. */
    private record Answered(Request request, int status) {
    }
    private final Map<String, Function<Request, Answer>> scripts = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How the path answers from now on; by default 200. */
    void script(String path, Function<Request, Answer> answer) {
        scripts.put(path, answer);
    }

    /** The path never answers (until the receiver closes). */
    void hang(String path) {
        scripts.put(path, r -> {
            try {
                closing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.of(503);
        });
    }

    List<Request> on(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Seqs of the requests on a path that were answered 2xx, in order. */
    List<Long> delivered(String path) {
        return answered.stream().filter(a -> a.request().path().equals(path) && a.status() / 100 == 2)
                .map(a -> a.request().seq()).toList();
    }

    private void handle(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(x.getRequestURI().getPath(), x.getRequestHeaders(), body, System.nanoTime());
            requests.add(r);
            Answer a = scripts.getOrDefault(r.path(), q -> Answer.of(200)).apply(r);
            a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
            answered.add(new Answered(r, a.status()));
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            x.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

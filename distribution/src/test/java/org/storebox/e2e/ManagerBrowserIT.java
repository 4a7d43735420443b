package org.storebox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.storebox.e2e.Store.cash;
import static org.storebox.e2e.Store.line;
import static org.storebox.e2e.Store.newId;
import static org.storebox.e2e.Store.sale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The manager page in real headless Chromium (Debian's chromium and chromium-driver), driven over
 * chromedriver's W3C WebDriver HTTP API with java.net.http: log in, see an alert a sale raised,
 * acknowledge it, mark a suggestion ordered, switch language. Screenshots go to
 * {@code distribution/target/screenshots/}.
 */
class ManagerBrowserIT {
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path SHOTS = Paths.get("target", "screenshots");

    private static Appliance box;
    private static Store store;
    private static Process driver;
    private static Path profile;
    private static String base;
    private static String session;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "needs Debian's chromium and chromium-driver (test.sh installs them)");
        box = Appliance.builder("manager-browser")
                .config("org.storebox.restock.rule-br", "sku=BR-TEA", "min=10", "max=40", "pack_size=6")
                .config("org.storebox.manager", "password_iterations=20000")
                .start();
        store = new Store(box);
        store.putProduct("BR-TEA", "Lemon tea 250ml", "8.50");
        store.receive("BR-TEA", 12);
        assertEquals(201, box.call("POST", "/api/v1/managers", store.admin(),
                Appliance.obj("name", "Siti", "password", "a long password")).status());
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("storebox-chromium-");
        int port = Appliance.freePort();
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(SHOTS.resolve("chromedriver.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        awaitTrue("chromedriver ready", () -> {
            try {
                return get("/status").path("value").path("ready").asBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        });
        Map<String, Object> options = Appliance.obj("binary", CHROMIUM.toString(), "args", List.of("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1024,1300", "--user-data-dir=" + profile),
                "prefs", Appliance.obj("intl.accept_languages", "ms-MY,ms"));
        JsonNode s = post("/session", Appliance.obj("capabilities", Appliance.obj("alwaysMatch",
                Appliance.obj("browserName", "chrome", "goog:chromeOptions", options))));
        session = s.path("value").path("sessionId").asText();
        assertTrue(!session.isEmpty(), s::toString);
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (session != null) {
                send("DELETE", "/session/" + session, null);
            }
        } finally {
            if (driver != null) {
                driver.destroy();
                driver.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> null).join();
            }
            if (box != null) {
                box.close();
            }
            if (profile != null) {
                Appliance.deleteTree(profile);
            }
        }
    }

    @Test
    void logInSeeAndAcknowledgeAnAlertActOnASuggestionSwitchLanguage() throws Exception {
        open("/");
        awaitTrue("the login form in Malay", () -> "Pengurus kedai".equals(text("#title")) && visible("#login"));
        screenshot("1-login-ms");
        type("#name", "Siti");
        type("#password", "a long password");
        click("#login-button");
        awaitTrue("the page after login", () -> visible("#app"));

        // A real condition: this sale takes BR-TEA from 12 to 7, below its minimum of 10.
        store.sell(store.terminalToken("lane-br"), sale(newId(), List.of(line("BR-TEA", 5)), List.of(cash("50.00"))));
        awaitTrue("the low-stock alert, live", () -> exists("li[data-code='stock.low'] button.ack"));
        awaitTrue("the suggestion, live", () -> exists("li[data-sku='BR-TEA'][data-state='open'] button.ordered"));
        screenshot("2-alert-and-suggestion-ms");
        assertTrue(text("li[data-code='stock.low']").contains("BR-TEA"));

        click("li[data-code='stock.low'] button.ack");
        awaitTrue("the alert acknowledged", () -> exists("li[data-code='stock.low'][data-state='acknowledged']"));
        click("li[data-sku='BR-TEA'] button.ordered");
        awaitTrue("the suggestion marked ordered", () -> !exists("li[data-sku='BR-TEA'][data-state='open']"));
        JsonNode api = box.call("GET", "/api/v1/restock/suggestions?all=true", store.admin(), null).json();
        assertEquals("ordered", api.path("suggestions").get(0).path("state").asText(), api::toString);
        screenshot("3-acknowledged-ordered-ms");

        click("#lang option[value='zh-HK']");
        awaitTrue("the page in Traditional Chinese", () -> "店舖經理".equals(text("#title")));
        assertEquals("zh-HK", script("return document.documentElement.lang").asText());
        assertTrue(text("#sales").contains("HK$"), () -> text("#sales"));
        screenshot("4-zh-HK");
        click("#lang option[value='en']");
        awaitTrue("the page in English", () -> "Store manager".equals(text("#title")));
        screenshot("5-en");
    }

    // ---------------------------------------------------------------- a small WebDriver client

    private static void awaitTrue(String what, Supplier<Boolean> probe) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!probe.get()) {
            if (System.nanoTime() > deadline) {
                try {
                    screenshot("failed-" + what.replaceAll("[^a-zA-Z0-9]+", "-"));
                } catch (RuntimeException e) {
                    // the screenshot is a help, not the failure
                }
                fail(what + " did not happen within 30 s");
            }
            box.exitedWithin(Duration.ofMillis(100));
        }
    }

    private static void open(String path) {
        post("/session/" + session + "/url", Appliance.obj("url", "http://127.0.0.1:" + box.port() + path));
    }

    private static String find(String css) {
        JsonNode r = send("POST", "/session/" + session + "/element", Appliance.obj("using", "css selector", "value", css));
        JsonNode id = r.path("value").path(ELEMENT);
        return id.isMissingNode() ? null : id.asText();
    }

    private static boolean exists(String css) {
        return find(css) != null;
    }

    private static boolean visible(String css) {
        String id = find(css);
        return id != null && send("GET", "/session/" + session + "/element/" + id + "/displayed", null).path("value").asBoolean();
    }

    /** The element's text, "" when there is none; found again when a live refresh replaced it in between. */
    private static String text(String css) {
        for (int attempt = 0;; attempt++) {
            String id = find(css);
            if (id == null) {
                return "";
            }
            JsonNode value = send("GET", "/session/" + session + "/element/" + id + "/text", null).path("value");
            if (!value.has("error")) {
                return value.asText();
            }
            if (attempt == 4 || !"stale element reference".equals(value.path("error").asText())) {
                fail("text of " + css + ": " + value);
            }
        }
    }

    private static void type(String css, String text) {
        post("/session/" + session + "/element/" + find(css) + "/value", Appliance.obj("text", text));
    }

    /** Clicks, finding the element again when a live refresh replaced it in between. */
    private static void click(String css) {
        for (int attempt = 0;; attempt++) {
            String id = find(css);
            assertTrue(id != null, "no element " + css);
            JsonNode r = send("POST", "/session/" + session + "/element/" + id + "/click", Map.of());
            if (!r.path("value").has("error")) {
                return;
            }
            if (attempt == 4 || !"stale element reference".equals(r.path("value").path("error").asText())) {
                fail("click " + css + ": " + r.path("value"));
            }
        }
    }

    private static JsonNode script(String js) {
        return post("/session/" + session + "/execute/sync", Appliance.obj("script", js, "args", List.of())).path("value");
    }

    private static void screenshot(String name) {
        String png = send("GET", "/session/" + session + "/screenshot", null).path("value").asText();
        try {
            Files.write(SHOTS.resolve(name + ".png"), Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode get(String path) {
        return send("GET", path, null);
    }

    private static JsonNode post(String path, Object body) {
        JsonNode r = send("POST", path, body);
        if (r.path("value").has("error")) {
            fail("WebDriver " + path + ": " + r.path("value"));
        }
        return r;
    }

    private static JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(Appliance.JSON.writeValueAsBytes(body)));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return Appliance.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

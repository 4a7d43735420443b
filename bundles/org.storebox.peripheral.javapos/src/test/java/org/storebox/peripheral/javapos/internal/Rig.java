package org.storebox.peripheral.javapos.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.PeripheralStatus;

/**
 * Test rig: a vendor jar of the fake services (built from the compiled test classes, so the bridge
 * loads them through its own class loader), a jpos.xml, an in-test EventAdmin, a registrar that
 * records registrations, and polling with a deadline.
 */
final class Rig implements AutoCloseable {
    static final String FAKES = "org.storebox.peripheral.javapos.internal.fake.";
    static final Duration DEADLINE = Duration.ofSeconds(10);

    final Path dir;
    final Path lib;
    final Path xml;
    final Events events = new Events();
    final Registry registry = new Registry();
    final List<JavaposBridge> bridges = new ArrayList<>();

    Rig(Path dir) {
        this.dir = dir;
        this.lib = dir.resolve("lib");
        this.xml = dir.resolve("jpos.xml");
        try {
            Files.createDirectories(lib);
            vendorJar(lib.resolve("fake-vendor.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JposEntry of jpos.xml, with {@code fake.*} props that seed the fake's state. */
    static String entry(String logicalName, String category, String serviceClass, String... fakeProps) {
        return entryWithFactory(logicalName, category, FAKES + "FakeFactory", serviceClass, fakeProps);
    }

    static String entryWithFactory(String logicalName, String category, String factoryClass, String serviceClass,
            String... fakeProps) {
        StringBuilder props = new StringBuilder("    <prop name=\"deviceBus\" value=\"Unknown\"/>\n");
        for (int i = 0; i + 1 < fakeProps.length; i += 2) {
            props.append("    <prop name=\"fake.").append(fakeProps[i]).append("\" value=\"").append(fakeProps[i + 1])
                    .append("\"/>\n");
        }
        return "  <JposEntry logicalName=\"" + logicalName + "\">\n"
                + "    <creation factoryClass=\"" + factoryClass + "\" serviceClass=\"" + serviceClass + "\"/>\n"
                + "    <vendor name=\"storebox tests\" url=\"https://storebox.invalid\"/>\n"
                + "    <jpos version=\"1.14\" category=\"" + category + "\"/>\n"
                + "    <product name=\"fake\" description=\"a fake " + category + "\" url=\"https://storebox.invalid\"/>\n"
                + props + "  </JposEntry>\n";
    }

    /** Writes jpos.xml with the JCL DOCTYPE, so it is validated against jpos/res/jcl.dtd. */
    Rig jposXml(String... entries) {
        write(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE JposEntries PUBLIC \"-//JavaPOS//DTD//EN\" \"jpos/res/jcl.dtd\">\n"
                + "<JposEntries>\n" + String.join("", entries) + "</JposEntries>\n");
        return this;
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Short timeouts, so that hangs are detected and recovered well within a test. */
    Map<String, Object> fast() {
        return Map.of("jpos__xml", xml.toString(), "lib__dir", lib.toString(), "claim__timeout__ms", 300,
                "call__timeout__ms", 400, "retry__backoff__ms", 150);
    }

    JavaposBridge start(Map<String, Object> config) {
        JavaposBridge bridge = new JavaposBridge(config(config), name -> null, registry, events);
        bridges.add(bridge);
        return bridge;
    }

    @Override
    public void close() {
        for (JavaposBridge b : bridges) {
            b.deactivate();
        }
    }

    /** A configuration with the given values and the annotation's defaults for the rest. */
    static JavaposConfig config(Map<String, Object> values) {
        return (JavaposConfig) Proxy.newProxyInstance(JavaposConfig.class.getClassLoader(),
                new Class<?>[] { JavaposConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> JavaposConfig.class;
                        case "toString" -> "JavaposConfig" + values;
                        case "hashCode" -> values.hashCode();
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    /** The state map that a fake shares through its JposEntry, once the fake exists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> state(JposDevice<?> device) {
        await("the fake service of " + device.name() + " to be created",
                () -> device.entry().getPropertyValue("fake.state") != null);
        return (Map<String, Object>) device.entry().getPropertyValue("fake.state");
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Map<String, Object> state, String key) {
        return (List<String>) state.get(key);
    }

    /** Lets a hung fake call return, and makes later calls behave. */
    @SuppressWarnings("unchecked")
    static void behave(Map<String, Object> state) {
        state.put("hang", "none");
        ((CompletableFuture<Void>) state.get("release")).complete(null);
    }

    static void awaitState(JposDevice<?> device, PeripheralStatus.State state) {
        await(device.name() + " to be " + state + " (it is " + device.status() + ")",
                () -> device.status().state() == state);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            // Poll every 5 ms until the deadline; never a sleep for a guessed time.
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Packs the compiled fakes into a jar, as a vendor would ship them. */
    static void vendorJar(Path jar) throws IOException {
        Path classes;
        try {
            classes = Paths.get(Rig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path fakes = classes.resolve(FAKES.replace('.', '/'));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
                Stream<Path> files = Files.list(fakes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
    }

    /** An EventAdmin that keeps every posted event. */
    static final class Events implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            fail("drivers post events, never send them: " + event);
        }

        Event await(String topic, Predicate<Event> match) {
            Rig.await("an event " + topic, () -> posted.stream().anyMatch(e -> e.getTopic().equals(topic) && match.test(e)));
            return posted.stream().filter(e -> e.getTopic().equals(topic) && match.test(e)).findFirst().orElseThrow();
        }
    }

    /** A registrar that keeps what the bridge registers. */
    static final class Registry implements JavaposBridge.Registrar {
        record Registration(String[] interfaces, Peripheral device, Dictionary<String, Object> properties) {
        }

        final List<Registration> live = new CopyOnWriteArrayList<>();

        @Override
        public Runnable register(String[] interfaces, Peripheral device, Dictionary<String, Object> properties) {
            Registration r = new Registration(interfaces, device, properties);
            live.add(r);
            return () -> live.remove(r);
        }
    }
}

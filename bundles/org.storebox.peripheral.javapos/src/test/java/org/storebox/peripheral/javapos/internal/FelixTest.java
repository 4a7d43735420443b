package org.storebox.peripheral.javapos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.storebox.peripheral.javapos.internal.Rig.FAKES;
import static org.storebox.peripheral.javapos.internal.Rig.entry;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The bundle as bnd built it (target/classes with its manifest) in Felix 7 with Declarative Services,
 * EventAdmin and ConfigAdmin: it resolves without Xerces, exports nothing of jpos, finds its
 * jpos.properties and serves a configured jpos.xml's devices from a vendor jar.
 */
class FelixTest {
    @TempDir
    Path dir;
    private Framework framework;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void theBundleServesJposXmlDevicesInsideFelix() throws Exception {
        Rig rig = new Rig(dir.resolve("box"));
        rig.jposXml(entry("front-printer", "POSPrinter", FAKES + "FakePrinter"),
                entry("scale", "Scale", FAKES + "FakeScale", "scale", "stable:345"));

        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // slf4j from the test's class path stands in for the appliance's slf4j bundle.
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=2.0.17");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        BundleContext ctx = framework.getBundleContext();

        List<Bundle> bundles = new ArrayList<>();
        for (String name : List.of("org.osgi.util.function-", "org.osgi.util.promise-", "org.osgi.service.component-",
                "org.apache.felix.scr-", "org.apache.felix.eventadmin-", "org.apache.felix.configadmin-", "org.storebox.api")) {
            bundles.add(ctx.installBundle(onClassPath(name).toURI().toString()));
        }
        Bundle api = bundles.get(bundles.size() - 1);
        Bundle cm = bundles.get(bundles.size() - 2);
        Path classes = Paths.get("target", "classes").toAbsolutePath();
        Bundle bridge = ctx.installBundle("reference:" + classes.toUri());
        bundles.add(bridge);
        for (Bundle b : bundles) {
            b.start();
        }
        assertEquals(Bundle.ACTIVE, bridge.getState());
        for (BundleCapability c : bridge.adapt(BundleRevision.class).getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
            assertTrue(!String.valueOf(c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)).startsWith("jpos"),
                    "exports " + c);
        }

        // Configure through ConfigAdmin, by the API classes of the bundles themselves. The test's class path
        // has other copies of these API classes, hence getAllServiceReferences and reflection.
        Class<?> adminType = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = ctx.getService(ctx.getAllServiceReferences(adminType.getName(), null)[0]);
        Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, JavaposConfig.PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("jpos_xml", rig.xml.toString());
        props.put("lib_dir", rig.lib.toString());
        props.put("call_timeout_ms", 2000);
        cm.loadClass("org.osgi.service.cm.Configuration").getMethod("update", Dictionary.class).invoke(configuration, props);

        Class<?> peripheral = api.loadClass("org.storebox.api.peripheral.Peripheral");
        Class<?> scaleType = api.loadClass("org.storebox.api.peripheral.Scale");
        Rig.await("an online printer and scale", () -> online(ctx, "ReceiptPrinter", peripheral)
                && online(ctx, "Scale", peripheral));

        ServiceReference<?> printerRef = ctx.getAllServiceReferences("org.storebox.api.peripheral.ReceiptPrinter", null)[0];
        assertEquals("front-printer", printerRef.getProperty("peripheral.name"));
        assertEquals("printer", printerRef.getProperty("peripheral.kind"));
        assertEquals("javapos", printerRef.getProperty("peripheral.driver"));
        Object selfTest = peripheral.getMethod("selfTest").invoke(ctx.getService(printerRef));
        assertTrue(selfTest.toString().contains("passed=true"), selfTest.toString());

        Object scale = ctx.getService(ctx.getAllServiceReferences(scaleType.getName(), null)[0]);
        Object weight = scaleType.getMethod("weigh", Duration.class).invoke(scale, Duration.ofMillis(500));
        assertEquals("Weight[state=STABLE, value=0.345, unit=kg]", weight.toString());

        bridge.stop();
        assertEquals(null, ctx.getAllServiceReferences("org.storebox.api.peripheral.Peripheral", null));
    }

    private static boolean online(BundleContext ctx, String kind, Class<?> peripheral) {
        try {
            ServiceReference<?>[] refs = ctx.getAllServiceReferences("org.storebox.api.peripheral." + kind, null);
            if (refs == null) {
                return false;
            }
            Method status = peripheral.getMethod("status");
            return status.invoke(ctx.getService(refs[0])).toString().contains("state=ONLINE");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static File onClassPath(String prefix) {
        File found = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(File::new)
                .filter(f -> f.getName().startsWith(prefix) && f.getName().endsWith(".jar")).findFirst().orElse(null);
        assertNotNull(found, prefix + " is not on the test class path");
        return found;
    }
}

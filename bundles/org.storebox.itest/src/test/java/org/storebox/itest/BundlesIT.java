package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** The storebox bundles are all running and export only their versioned API packages. */
@ExtendWith(BundleContextExtension.class)
class BundlesIT {
    /** The bundles of the appliance that these tests run (the demo catalog is left out). */
    static final Set<String> STOREBOX = Set.of("org.storebox.api", "org.storebox.json", "org.storebox.store",
            "org.storebox.catalog", "org.storebox.stock", "org.storebox.outbox", "org.storebox.sales",
            "org.storebox.web", "org.storebox.shell");

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyStoreboxBundleIsActive() {
        Map<String, Bundle> bundles = storeboxBundles();
        assertTrue(bundles.keySet().containsAll(STOREBOX),
                () -> "the framework should run " + STOREBOX + " but runs " + bundles.keySet());
        Await.until(context, () -> "every storebox bundle ACTIVE; not yet: " + inactive(bundles),
                () -> inactive(bundles).isEmpty());
    }

    @Test
    void onlyVersionedApiPackagesAreExported() {
        List<String> problems = new ArrayList<>();
        Set<String> exported = new TreeSet<>();
        storeboxBundles().forEach((name, bundle) -> {
            String header = bundle.getHeaders("").get(Constants.EXPORT_PACKAGE);
            if (header != null && header.contains(".internal")) {
                problems.add(name + " exports an internal package: " + header);
            }
            // The framework's own reading of Export-Package: package names with their versions.
            for (BundleCapability export : bundle.adapt(BundleRevision.class)
                    .getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                String pkg = (String) export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                Version version = (Version) export.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
                exported.add(pkg);
                // Besides the API: libraries other bundles build on: JSON, the serial link of the drivers,
                // and the HTTP behaviour (bodies, problem answers, scopes) every servlet shares; and slf4j's own
                // packages from the bundle that carries slf4j with its provider.
                if (!(pkg.startsWith("org.storebox.api.") || pkg.equals("org.storebox.json")
                        || pkg.equals("org.storebox.peripheral.serial") || pkg.equals("org.storebox.web.http")
                        || name.equals("org.storebox.slf4j") && pkg.startsWith("org.slf4j"))) {
                    problems.add(name + " exports " + pkg + ", which is not an API package");
                }
                if (version == null || Version.emptyVersion.equals(version)) {
                    problems.add(name + " exports " + pkg + " without a version");
                }
            }
        });
        assertEquals(List.of(), problems, "only versioned org.storebox.api.*, org.storebox.json, org.storebox.peripheral.serial, "
                + "org.storebox.web.http (and slf4j from org.storebox.slf4j) may be exported");
        for (String pkg : List.of("org.storebox.api.store", "org.storebox.api.catalog", "org.storebox.api.stock",
                "org.storebox.api.outbox", "org.storebox.api.sale", "org.storebox.api.auth", "org.storebox.api.common",
                "org.storebox.json", "org.storebox.web.http")) {
            assertTrue(exported.contains(pkg), () -> pkg + " should be exported; the exports are " + exported);
        }
    }

    /** The bundles that are not ACTIVE, with their states (4 resolved, 8 starting, ...). */
    private static Map<String, Integer> inactive(Map<String, Bundle> bundles) {
        Map<String, Integer> states = new TreeMap<>();
        bundles.forEach((name, b) -> {
            if (b.getState() != Bundle.ACTIVE) {
                states.put(name, b.getState());
            }
        });
        return states;
    }

    /** Every org.storebox bundle in the framework but this test bundle, by symbolic name. */
    private Map<String, Bundle> storeboxBundles() {
        Map<String, Bundle> bundles = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name != null && name.startsWith("org.storebox.") && b.getBundleId() != context.getBundle().getBundleId()) {
                bundles.put(name, b);
            }
        }
        assertFalse(bundles.isEmpty(), "no storebox bundle in the framework");
        return bundles;
    }
}

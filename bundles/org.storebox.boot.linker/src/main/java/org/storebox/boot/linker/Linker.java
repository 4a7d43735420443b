package org.storebox.boot.linker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Links the classes that bundles loaded in a training run (README, "Start-up"), so that the class-data archive the
 * JVM writes at its exit holds them. Before that dump JDK 17 links the loaded classes of its own class loaders only,
 * and skips the others that were loaded (by reflection, by the verifier) but never linked: in a training run without
 * this, 755 of them, which every start then loaded from the bundles again.
 *
 * <p>The bnd launcher starts this activator with the system bundle's context when {@code launch.activators} names
 * it, which the boot class does for {@code --train} only. It leaves under the system property {@value #KEY} a
 * function from the run's class-load log ({@code class+load}, without decorations) to the number of classes linked.
 */
public final class Linker implements BundleActivator {
    /** The system property under which the linking function waits for the training run. */
    public static final String KEY = "storebox.training.linker";

    @Override
    public void start(BundleContext context) {
        System.getProperties().put(KEY, (ToIntFunction<Path>) log -> link(context, log));
    }

    @Override
    public void stop(BundleContext context) {
        System.getProperties().remove(KEY);
    }

    /**
     * Links, through the bundle that holds it, each class of the log that is not from the archive or the JDK. Linking
     * may load more classes (the verifier's), so the log is read again until a pass links nothing new.
     */
    static int link(BundleContext context, Path log) {
        Map<String, Bundle> owner = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring != null) {
                for (String resource : wiring.listResources("/", "*.class",
                        BundleWiring.LISTRESOURCES_RECURSE | BundleWiring.LISTRESOURCES_LOCAL)) {
                    owner.putIfAbsent(resource, b);
                }
            }
        }
        Set<String> done = new HashSet<>();
        int linked = 0;
        for (int pass = 0; pass < 5; pass++) {
            int before = linked;
            for (String line : lines(log)) {
                int space = line.indexOf(' ');
                String name = space < 0 ? line : line.substring(0, space);
                Bundle b = owner.get(name.replace('.', '/') + ".class");
                if (b == null || !done.add(name)) {
                    continue;
                }
                try {
                    b.loadClass(name).getDeclaredFields();
                    linked++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // Not loadable through its bundle (a missing optional dependency): it stays out of the archive.
                }
            }
            if (linked == before) {
                break;
            }
        }
        return linked;
    }

    private static java.util.List<String> lines(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.storebox.peripheral.javapos.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class loader of the vendors' service jars. Its parent shows them the jpos classes of this bundle
 * (so that a vendor's service implements the very interfaces the controls cast to) and the JDK, and
 * nothing else of the framework: a vendor jar brings what else it needs into the same directory.
 */
final class VendorClasses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VendorClasses.class);

    private final Path directory;
    private final URLClassLoader loader;

    VendorClasses(Path directory) {
        this.directory = directory;
        List<URL> urls = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the vendor jar directory " + directory, e);
            }
        } else {
            LOG.info("No vendor jar directory {}; only classes of the JDK and the JavaPOS library can be loaded", directory);
        }
        LOG.debug("Vendor jars from {}: {}", directory, urls);
        this.loader = new URLClassLoader("storebox-javapos-vendor", urls.toArray(URL[]::new),
                new JposParent(VendorClasses.class.getClassLoader()));
    }

    ClassLoader loader() {
        return loader;
    }

    Path directory() {
        return directory;
    }

    /** Loads and initialises a vendor class; errors name the class and the directory. */
    Class<?> load(String className) throws ClassNotFoundException {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ClassNotFoundException("the vendor class " + className + " cannot be loaded from the jars in "
                    + directory + " (" + e + "); put the vendor's service jar and the jars it needs there", e);
        }
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.warn("Cannot close the vendor jars in {}", directory, e);
        }
    }

    /**
     * Parent of the vendor loader: jpos.* classes and resources from this bundle, everything else from
     * the JDK (the platform class loader), so vendor code sees javax.* packages of the JDK that an OSGi
     * bundle would have to import one by one.
     */
    private static final class JposParent extends ClassLoader {
        private final ClassLoader bundle;

        JposParent(ClassLoader bundle) {
            super("storebox-javapos-jpos", ClassLoader.getPlatformClassLoader());
            this.bundle = bundle;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("jpos.")) {
                return bundle.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            if (name.startsWith("jpos/")) {
                return bundle.getResource(name);
            }
            return super.getResource(name);
        }
    }
}

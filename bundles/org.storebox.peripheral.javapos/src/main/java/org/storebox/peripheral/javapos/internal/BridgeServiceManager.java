package org.storebox.peripheral.javapos.internal;

import jpos.JposException;
import jpos.config.JposEntryRegistry;
import jpos.config.JposRegPopulator;
import jpos.config.simple.SimpleEntryRegistry;
import jpos.loader.JposServiceConnection;
import jpos.loader.JposServiceManager;
import jpos.profile.DefaultProfileRegistry;
import jpos.profile.Profile;
import jpos.profile.ProfileException;
import jpos.profile.ProfileRegistry;
import jpos.util.JposProperties;

/**
 * The JCL service manager of this bundle, named in {@code jpos/res/jpos.properties}: it connects a
 * control to the vendor service of the entry that the bridge is opening on the same thread
 * ({@link OpenContext}), loading it from the vendor jars rather than from this bundle's class path.
 * The JCL creates exactly one, by reflection.
 */
public final class BridgeServiceManager implements JposServiceManager {
    private final JposProperties properties;
    private final JposRegPopulator populator = new EmptyPopulator();
    private final JposEntryRegistry registry = new SimpleEntryRegistry(populator);
    private final ProfileRegistry profiles = new DefaultProfileRegistry();

    /** The constructor the JCL calls, with the properties it read from jpos.properties. */
    public BridgeServiceManager(JposProperties properties) {
        this.properties = properties;
    }

    @Override
    public JposServiceConnection createConnection(String logicalName) throws JposException {
        OpenContext context = OpenContext.current(logicalName);
        return new BridgeServiceConnection(logicalName, context.entry, context.vendor);
    }

    @Override
    public JposEntryRegistry getEntryRegistry() {
        // Entries live in the bridge, read from the configured jpos.xml; the JCL's registry stays empty.
        return registry;
    }

    @Override
    public JposProperties getProperties() {
        return properties;
    }

    @Override
    public JposRegPopulator getRegPopulator() {
        return populator;
    }

    @Override
    public ProfileRegistry getProfileRegistry() {
        return profiles;
    }

    @Override
    public Profile loadProfile(String xmlProfileFileName) throws ProfileException {
        throw new ProfileException("JavaPOS profiles are not supported by the storebox bridge");
    }

    @Override
    public void reloadEntryRegistry() {
        // Nothing to reload: see getEntryRegistry().
    }

    /** A populator with no entries, for the JCL's start-up call to load(). */
    private static final class EmptyPopulator extends jpos.config.simple.AbstractRegPopulator {
        EmptyPopulator() {
            super(EmptyPopulator.class.getName());
        }

        @Override
        public void save(java.util.Enumeration entries) {
            throw new UnsupportedOperationException("the storebox bridge never writes JavaPOS entries");
        }

        @Override
        public void save(java.util.Enumeration entries, String fileName) {
            throw new UnsupportedOperationException("the storebox bridge never writes JavaPOS entries");
        }

        @Override
        public void load() {
        }

        @Override
        public void load(String fileName) {
        }

        @Override
        public java.net.URL getEntriesURL() {
            return null;
        }

        @Override
        public String getClassName() {
            return EmptyPopulator.class.getName();
        }

        @Override
        public String getName() {
            return "storebox bridge (entries from the configured jpos.xml)";
        }
    }
}

package org.storebox.store.testing;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** ConfigAdmin in memory for tests: configurations by PID, factory ones as factoryPid~name; filters on service.factoryPid only. */
public final class FakeConfigAdmin implements ConfigurationAdmin {
    public final Map<String, Config> configs = new LinkedHashMap<>();
    public int updates;

    /** One configuration. */
    public final class Config implements Configuration {
        public final String pid;
        public final String factoryPid;
        public Hashtable<String, Object> props;
        public long changes;

        Config(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            if (props == null) {
                return null;
            }
            Hashtable<String, Object> copy = new Hashtable<>(props);
            copy.put("service.pid", pid);
            if (factoryPid != null) {
                copy.put("service.factoryPid", factoryPid);
            }
            return copy;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> properties) {
            Hashtable<String, Object> p = new Hashtable<>();
            for (Enumeration<String> k = properties.keys(); k.hasMoreElements();) {
                String key = k.nextElement();
                if (!key.equals("service.pid") && !key.equals("service.factoryPid")) {
                    p.put(key, properties.get(key));
                }
            }
            props = p;
            changes++;
            updates++;
            configs.put(pid, this);
        }

        @Override
        public void delete() {
            configs.remove(pid);
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
            changes++;
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> properties) {
            Dictionary<String, Object> before = getProperties();
            Hashtable<String, Object> b = new Hashtable<>();
            if (before != null) {
                for (Enumeration<String> k = before.keys(); k.hasMoreElements();) {
                    String key = k.nextElement();
                    if (!key.equals("service.pid") && !key.equals("service.factoryPid")) {
                        b.put(key, before.get(key));
                    }
                }
            }
            Hashtable<String, Object> a = new Hashtable<>();
            for (Enumeration<String> k = properties.keys(); k.hasMoreElements();) {
                String key = k.nextElement();
                if (!key.equals("service.pid") && !key.equals("service.factoryPid")) {
                    a.put(key, properties.get(key));
                }
            }
            if (before != null && same(a, b)) {
                return false;
            }
            update(properties);
            return true;
        }

        private boolean same(Map<String, Object> a, Map<String, Object> b) {
            if (!a.keySet().equals(b.keySet())) {
                return false;
            }
            for (String k : a.keySet()) {
                Object x = a.get(k);
                Object y = b.get(k);
                if (x instanceof Object[] xa && y instanceof Object[] ya ? !java.util.Arrays.equals(xa, ya) : !x.equals(y)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void setBundleLocation(String location) {
        }

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
        }
    }

    /** The properties of a PID, or null. */
    public Dictionary<String, Object> properties(String pid) {
        Config c = configs.get(pid);
        return c == null ? null : c.getProperties();
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        return new Config(factoryPid + "~" + java.util.UUID.randomUUID(), factoryPid);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        return createFactoryConfiguration(factoryPid);
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        return getConfiguration(pid);
    }

    @Override
    public Configuration getConfiguration(String pid) {
        Config c = configs.get(pid);
        return c != null ? c : new Config(pid, null);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        return getFactoryConfiguration(factoryPid, name);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        String pid = factoryPid + "~" + name;
        Config c = configs.get(pid);
        return c != null ? c : new Config(pid, factoryPid);
    }

    @Override
    public Configuration[] listConfigurations(String filter) {
        List<Configuration> out = new ArrayList<>();
        String factory = filter == null ? null : filter.replaceFirst("^\\(service\\.factoryPid=(.*)\\)$", "$1");
        for (Config c : configs.values()) {
            if (filter == null || factory.equals(c.factoryPid)) {
                out.add(c);
            }
        }
        return out.isEmpty() ? null : out.toArray(new Configuration[0]);
    }
}

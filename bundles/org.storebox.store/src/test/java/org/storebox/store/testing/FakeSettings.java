package org.storebox.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.storebox.api.command.Settings;

/** Settings as the web bundle applies and reads them in ConfigAdmin, less the wait for components (none run in a unit test). */
public final class FakeSettings implements Settings {
    private final FakeConfigAdmin cm;

    public FakeSettings(FakeConfigAdmin cm) {
        this.cm = cm;
    }

    @Override
    public void apply(List<Change> changes) {
        for (Change c : changes) {
            try {
                Configuration cfg = c.name() == null ? cm.getConfiguration(c.pid(), "?")
                        : cm.getFactoryConfiguration(c.pid(), c.name(), "?");
                if (c.properties() == null) {
                    cfg.delete();
                } else {
                    cfg.update(new Hashtable<>(c.properties()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Map<String, Object> current(String pid) {
        FakeConfigAdmin.Config c = cm.configs.get(pid);
        return c == null || c.props == null ? new LinkedHashMap<>() : new LinkedHashMap<>(c.props);
    }
}

package org.storebox.web.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiPredicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.command.Settings;
import org.storebox.api.common.StoreboxException;

/**
 * Writes configuration changes and watches, through Declarative Services' runtime, whether the components they
 * configure take them: a component that refuses its new settings (its constructor throws) makes every change of the
 * call go back to what it was, and the caller learns why. ConfigAdmin delivers a change to the components
 * asynchronously, so the wait polls the runtime for at most {@link #WAIT}.
 */
@Component
public class SettingsImpl implements Settings {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsImpl.class);
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ConfigurationAdmin cm;
    private final ServiceComponentRuntime scr;
    private final BundleContext context;

    @Activate
    public SettingsImpl(@Reference ConfigurationAdmin cm, @Reference ServiceComponentRuntime scr, BundleContext context) {
        this.cm = cm;
        this.scr = scr;
        this.context = context;
    }

    /** A change as written: the configuration's PID and its properties before, to put it back. */
    private record Written(Change change, String configPid, Map<String, Object> before) {
    }

    @Override
    public void apply(List<Change> changes) {
        List<Written> written = new ArrayList<>();
        try {
            for (Change c : changes) {
                written.add(write(c));
            }
        } catch (IOException e) {
            restore(written);
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "ConfigAdmin could not store the settings (" + e.getMessage() + "); send the command again", e);
        }
        List<String> refusals = await(written, false);
        if (!refusals.isEmpty()) {
            restore(written);
            throw StoreboxException.invalid(String.join("; ", refusals)
                    + "; nothing was changed: every setting of the command is back as it was");
        }
    }

    @Override
    public Map<String, Object> current(String pid) {
        try {
            Dictionary<String, Object> d = cm.getConfiguration(pid, "?").getProperties();
            Map<String, Object> properties = d == null ? new LinkedHashMap<>() : copy(d);
            properties.remove(Constants.SERVICE_PID);
            return properties;
        } catch (IOException e) {
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE,
                    "ConfigAdmin could not read the settings of " + pid + ": " + e.getMessage(), e);
        }
    }

    private Written write(Change c) throws IOException {
        Configuration cfg = configuration(c);
        Dictionary<String, Object> before = cfg.getProperties();
        Written w = new Written(c, cfg.getPid(), before == null ? null : copy(before));
        if (c.properties() == null) {
            cfg.delete();
        } else {
            cfg.update(new Hashtable<>(c.properties()));
        }
        return w;
    }

    /**
     * Waits until the components configured by the written configurations have taken them (a deleted one: let it
     * go), or one refused; returns the refusals. {@code restoring}: also until none of those components, nor any that
     * needs their services, is left failed by the settings just undone. Past {@link #WAIT} the ones not taken yet
     * count as taken (a component that fails later shows on the components check).
     */
    private List<String> await(List<Written> written, boolean restoring) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<Long> built = new HashSet<>(); // delayed components already built with the new settings
        while (true) {
            List<String> refusals = new ArrayList<>();
            int pending = 0;
            for (Written w : written) {
                if (pending(w, refusals, built)) {
                    pending++;
                }
            }
            if (restoring && failedAround(written)) {
                pending++;
            }
            if (!refusals.isEmpty() || pending == 0) {
                return refusals;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("{} of the changed configurations were not taken by their components within {} s; "
                        + "the components check of /health names any that fail later", pending, WAIT.toSeconds());
                return refusals;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /**
     * Whether a component configured by {@code w} has yet to take it; one that refused it is added to
     * {@code refusals} (which component, and why). A configuration no component reads is not pending.
     */
    private boolean pending(Written w, List<String> refusals, Set<Long> built) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!Arrays.asList(d.configurationPid).contains(w.change.pid())) {
                continue;
            }
            if (w.change.properties() == null) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (pids(c.properties.get("service.pid")).contains(w.configPid)) {
                        return true; // SCR still runs it with the deleted configuration
                    }
                }
                continue;
            }
            ComponentConfigurationDTO mine = null;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (pids(c.properties.get("service.pid")).contains(w.configPid) && hasValues(c.properties, w.change.properties())) {
                    mine = c;
                }
            }
            if (mine == null) {
                return true; // SCR has not seen the change yet
            }
            if (settingUp(d, mine, this::registered)) {
                return true; // SCR has made it for the change and not yet tried to activate it
            }
            if (mine.state == ComponentConfigurationDTO.SATISFIED && !built.contains(mine.id)) {
                if (d.immediate) {
                    return true; // SCR is building it now
                }
                Boolean ok = build(mine);
                if (ok == null) {
                    return true; // its service is not registered yet
                }
                built.add(mine.id);
                mine = ok ? mine : refreshed(d, mine.id);
            }
            if (mine != null && mine.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                refusals.add(d.name + " refused the settings of " + w.configPid + ": " + ComponentsCheck.reason(mine.failure));
                return false;
            }
        }
        return false;
    }

    /**
     * Whether SCR is still setting up a component configuration it has made for a change. Felix SCR lists a new one
     * before enabling it, in a state that is none of the DTO's (-1), then briefly as unsatisfied although what it
     * needs is registered, and only then activates it: read in those moments, a refused setting was answered "ok"
     * (PeripheralsFromHqIT, about one run in six). One that lacks a service nobody registered is not being set up: it
     * waits for good, and the settings count as taken. The registry is asked, not the DTO's target services, which SCR
     * fills only once it tracks them.
     */
    static boolean settingUp(ComponentDescriptionDTO d, ComponentConfigurationDTO c, BiPredicate<String, String> registered) {
        switch (c.state) {
            case ComponentConfigurationDTO.SATISFIED, ComponentConfigurationDTO.ACTIVE,
                    ComponentConfigurationDTO.FAILED_ACTIVATION:
                return false;
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    for (ReferenceDTO r : d.references) {
                        if (r.name.equals(u.name) && registered.test(r.interfaceName, u.target)) {
                            return true;
                        }
                    }
                }
                return false;
            default:
                return true;
        }
    }

    /** Whether a service of that interface (and target filter, when not null) is registered. */
    private boolean registered(String interfaceName, String target) {
        try {
            return context.getAllServiceReferences(interfaceName, target) != null;
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    /** Whether a component configured by these configurations, or one that needs their services, is failed. */
    private boolean failedAround(List<Written> written) {
        Set<String> pids = new HashSet<>();
        written.forEach(w -> pids.add(w.change.pid()));
        ComponentDescriptionDTO[] all = scr.getComponentDescriptionDTOs().toArray(ComponentDescriptionDTO[]::new);
        Set<String> provided = new HashSet<>();
        for (ComponentDescriptionDTO d : all) {
            if (Arrays.stream(d.configurationPid).anyMatch(pids::contains)) {
                provided.addAll(List.of(d.serviceInterfaces));
            }
        }
        for (ComponentDescriptionDTO d : all) {
            boolean around = Arrays.stream(d.configurationPid).anyMatch(pids::contains)
                    || Arrays.stream(d.references).anyMatch(r -> provided.contains(r.interfaceName));
            if (around && scr.getComponentConfigurationDTOs(d).stream()
                    .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gets a satisfied delayed component's service, so that it is built with its new settings: false when that
     * failed, null when its service is not registered yet.
     */
    private Boolean build(ComponentConfigurationDTO c) {
        ServiceReference<?>[] refs;
        try {
            // All references, not only those of classes this bundle sees: the service is only asked to exist.
            refs = context.getAllServiceReferences(null, "(component.id=" + c.id + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            return null;
        }
        boolean built = true;
        for (ServiceReference<?> ref : refs) {
            Object service = context.getService(ref);
            if (service == null) {
                built = false;
            } else {
                context.ungetService(ref);
            }
        }
        return built;
    }

    private ComponentConfigurationDTO refreshed(ComponentDescriptionDTO d, long id) {
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    /** Puts every written configuration back as it was (deleted when it did not exist) and waits until it is taken. */
    private void restore(List<Written> written) {
        List<Written> back = new ArrayList<>();
        for (Written w : written) {
            try {
                back.add(write(new Change(w.change.pid(), w.change.name(), w.before)));
            } catch (IOException | RuntimeException e) {
                LOG.error("Could not put the configuration {} back as it was; check data/config", w.configPid, e);
            }
        }
        List<String> still = await(back, true);
        LOG.info("Put {} configuration(s) back as they were: {}{}", written.size(),
                written.stream().map(Written::configPid).toList(), still.isEmpty() ? "" : "; yet " + still);
    }

    private Configuration configuration(Change c) throws IOException {
        return c.name() == null ? cm.getConfiguration(c.pid(), "?") : cm.getFactoryConfiguration(c.pid(), c.name(), "?");
    }

    private static Map<String, Object> copy(Dictionary<String, Object> d) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            copy.put(k, d.get(k));
        }
        return copy;
    }

    private static Set<String> pids(Object servicePid) {
        Set<String> pids = new HashSet<>();
        if (servicePid instanceof String s) {
            pids.add(s);
        } else if (servicePid != null) {
            pids.addAll(strings(servicePid));
        }
        return pids;
    }

    /** Whether the component's properties carry these values (SCR may hold an array where ConfigAdmin had a list). */
    static boolean hasValues(Map<String, Object> component, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!strings(component.get(e.getKey())).equals(strings(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o.getClass().isArray()) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(o); i++) {
                out.add(String.valueOf(Array.get(o, i)));
            }
            return out;
        }
        if (o instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(o));
    }
}

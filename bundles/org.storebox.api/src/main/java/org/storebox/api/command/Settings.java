package org.storebox.api.command;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Configuration changes from HQ, applied so that a setting a component refuses changes nothing: the handlers of
 * the commands that write ConfigAdmin ({@code config}, {@code devices}, {@code tax}, {@code restock-rules}) go
 * through it.
 */
@ProviderType
public interface Settings {

    /**
     * One configuration: a PID ({@code name} null), or a factory PID and the configuration's name; its new
     * properties, or null to delete it.
     */
    record Change(String pid, String name, Map<String, Object> properties) {
    }

    /**
     * Writes the changes to ConfigAdmin and waits until the components configured by them have taken them (each is
     * asked for its service, so a component nobody uses yet is built with the new settings too). A configuration no
     * component reads at present (a driver bundle that is not installed) is written without waiting.
     *
     * @throws org.storebox.api.common.StoreboxException INVALID naming the component and its reason when one
     *         refused its new configuration (its constructor threw): every configuration of {@code changes} has
     *         then been put back as it was. UNAVAILABLE when ConfigAdmin cannot store them.
     */
    void apply(List<Change> changes);

    /**
     * The properties of a configuration (a PID) as ConfigAdmin holds them now, less the PID ConfigAdmin adds itself;
     * empty when there is none. For a command that changes some keys and keeps the others.
     *
     * @throws org.storebox.api.common.StoreboxException UNAVAILABLE when ConfigAdmin cannot read it
     * @since 1.2
     */
    Map<String, Object> current(String pid);
}

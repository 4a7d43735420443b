package org.storebox.api.alert;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard alert rule: register it as a service and the alert store evaluates it on its
 * schedule and after committed sales. A rule reports every condition that holds now; an open
 * alert of the rule whose key is no longer reported is cleared. A rule that throws keeps its
 * alerts as they are until it answers again.
 * <p>
 * Service property {@code alert.rule.name} (String, optional) names the rule in logs; otherwise
 * {@link #source()} does.
 */
@ConsumerType
public interface AlertRule {

    /** The rule's source name on its alerts, for example {@code stock}; stable across releases. */
    String source();

    /**
     * The conditions that hold now. Called on the alert store's own thread, never on a sale's.
     *
     * @throws RuntimeException when the rule cannot tell now; its alerts are then left unchanged
     */
    List<AlertCondition> evaluate();
}

package org.storebox.webhooks.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;

/**
 * The running webhook targets, for the admin API and the alert rule. Targets add themselves here
 * rather than registering as services, because DS would publish their configuration, secrets
 * included, as service properties.
 */
@Component(service = WebhookRegistry.class)
public class WebhookRegistry {
    private final List<WebhookTarget> targets = new CopyOnWriteArrayList<>();

    void add(WebhookTarget target) {
        targets.add(target);
    }

    void remove(WebhookTarget target) {
        targets.remove(target);
    }

    /** A snapshot of the running targets. */
    List<WebhookTarget> targets() {
        return List.copyOf(targets);
    }
}

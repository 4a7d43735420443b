package org.storebox.webhooks.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** A {@link WebhookTargetConfig} with the annotation's own defaults and some values set, as DS would build it. */
final class Configs {
    private Configs() {
    }

    /** Keys as in a .cfg file: {@code max_attempts}, {@code event_types}, ... */
    static WebhookTargetConfig target(Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        return (WebhookTargetConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] { WebhookTargetConfig.class }, (proxy, method, args) -> {
                    String key = method.getName().replace("__", "_");
                    switch (method.getName()) {
                        case "annotationType":
                            return WebhookTargetConfig.class;
                        case "toString":
                            return "WebhookTargetConfig";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            break;
                    }
                    if (v.containsKey(key)) {
                        return v.get(key);
                    }
                    if (method.getDefaultValue() == null) {
                        throw new IllegalStateException("no value for " + key);
                    }
                    return method.getDefaultValue();
                });
    }
}

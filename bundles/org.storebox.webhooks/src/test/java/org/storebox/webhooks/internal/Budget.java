package org.storebox.webhooks.internal;

import java.lang.reflect.Proxy;

import org.storebox.outbox.internal.OutboxBudgetConfig;

/** The outbox's budget settings with their defaults, checked every second, as DS would build them. */
final class Budget {
    private Budget() {
    }

    static OutboxBudgetConfig settings() {
        return (OutboxBudgetConfig) Proxy.newProxyInstance(Budget.class.getClassLoader(),
                new Class<?>[] { OutboxBudgetConfig.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return OutboxBudgetConfig.class;
                        case "check__interval__s":
                            return 1;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "OutboxBudgetConfig";
                        default:
                            return method.getDefaultValue();
                    }
                });
    }
}

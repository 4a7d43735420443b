package org.storebox.web.internal;

import java.util.Locale;

/** The API scopes; each includes the ones before it. */
enum Scope {
    TERMINAL, MANAGER, ADMIN;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean includes(Scope other) {
        return compareTo(other) >= 0;
    }

    static Scope parse(String s) {
        for (Scope v : values()) {
            if (v.value().equals(s)) {
                return v;
            }
        }
        return null;
    }
}

package org.storebox.web.http;

import java.util.Locale;

/** The API scopes of a bearer token; each includes the ones before it. */
public enum Scope {
    TERMINAL, MANAGER, ADMIN;

    /** The scope as written in tokens, registrations and documents: {@code terminal}, {@code manager}, {@code admin}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a token of this scope may make a call that needs {@code other}. */
    public boolean includes(Scope other) {
        return compareTo(other) >= 0;
    }

    /** The scope of that name, or {@code null} for a name that is not a scope. */
    public static Scope parse(String s) {
        for (Scope v : values()) {
            if (v.value().equals(s)) {
                return v;
            }
        }
        return null;
    }
}

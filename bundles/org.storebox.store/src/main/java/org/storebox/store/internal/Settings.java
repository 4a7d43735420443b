package org.storebox.store.internal;

/** Resolves a setting: the configured value, else the environment variable, else the default. */
final class Settings {
    private Settings() {
    }

    static String resolve(String configured, String envName, String fallback) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String env = System.getenv(envName);
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        return fallback;
    }
}

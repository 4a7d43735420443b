package org.storebox.webhooks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Which event types a target subscribes to: {@code *}, exact types and {@code prefix.*} patterns. */
final class EventFilter {
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(\\.\\*)?");

    private final boolean all;
    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private final List<String> patterns = new ArrayList<>();

    /** @throws IllegalArgumentException naming {@code event_types} for an empty list or a malformed pattern */
    EventFilter(String[] raw) {
        boolean any = false;
        List<String> items = new ArrayList<>();
        for (String r : raw == null ? new String[0] : raw) {
            // A .cfg file gives a list as one comma-separated value.
            items.addAll(List.of((r == null ? "" : r).split(",")));
        }
        for (String r : items) {
            String p = r.trim();
            if (p.isEmpty()) {
                continue;
            }
            patterns.add(p);
            if (p.equals("*")) {
                any = true;
            } else if (!SYNTAX.matcher(p).matches()) {
                throw new IllegalArgumentException("event_types: '" + p + "' is neither an event type such as "
                        + "sale.completed, a prefix such as sale.* nor * for every event");
            } else if (p.endsWith(".*")) {
                prefixes.add(p.substring(0, p.length() - 1));
            } else {
                exact.add(p);
            }
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("event_types is empty; name at least one type, prefix (sale.*) or *");
        }
        this.all = any;
    }

    boolean matches(String type) {
        if (all) {
            return true;
        }
        if (type == null) {
            return false;
        }
        if (exact.contains(type)) {
            return true;
        }
        for (String p : prefixes) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    List<String> patterns() {
        return List.copyOf(patterns);
    }
}

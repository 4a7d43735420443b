package org.storebox.outbox.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.storebox.api.outbox.OutboxBudget;

/**
 * Which event types may be evicted: the configured patterns, never a business type. Also the same
 * rule as an SQL condition, so a delete can only ever touch evictable rows whatever the caller asked.
 */
final class EventTypes {
    /** Prefixes of the types that are never evicted, whatever the configuration says. */
    static final List<String> NEVER_EVICTED = List.of("sale.", "return.", "void.", "day.", "stock.", "goods.",
            "outbox.");
    /** Prefixes of sale documents, for the age of the oldest unsynced sale. */
    static final List<String> SALES = List.of("sale.", "return.");
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(\\.\\*)?");

    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private final String sql;
    private final List<String> sqlParams = new ArrayList<>();

    /**
     * @throws IllegalArgumentException for a pattern that is not a type or a {@code prefix.*}, or that
     *         could match a business type
     */
    EventTypes(String[] patterns) {
        StringBuilder where = new StringBuilder("(");
        for (String raw : patterns == null ? new String[0] : patterns) {
            String p = raw == null ? "" : raw.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!SYNTAX.matcher(p).matches()) {
                throw new IllegalArgumentException("evictable_types: '" + p + "' is neither an event type such as "
                        + "restock.suggested nor a prefix such as telemetry.*");
            }
            boolean prefix = p.endsWith(".*");
            String stem = prefix ? p.substring(0, p.length() - 1) : p;
            for (String never : NEVER_EVICTED) {
                if (stem.startsWith(never) || (prefix && never.startsWith(stem))) {
                    throw new IllegalArgumentException("evictable_types: '" + p + "' could evict " + never
                            + "* events, which are never evicted");
                }
            }
            if (where.length() > 1) {
                where.append(" OR ");
            }
            if (prefix) {
                prefixes.add(stem);
                where.append("type LIKE ? ESCAPE '\\'");
                sqlParams.add(stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            } else {
                exact.add(stem);
                where.append("type = ?");
                sqlParams.add(stem);
            }
        }
        if (sqlParams.isEmpty()) {
            where.append("FALSE");
        }
        where.append(")");
        // Belt and braces: the business prefixes are excluded in SQL too.
        for (String never : NEVER_EVICTED) {
            where.append(" AND type NOT LIKE '").append(never).append("%'");
        }
        this.sql = where.toString();
    }

    /** Whether events of this type may be evicted. */
    boolean evictable(String type) {
        if (type == null || never(type)) {
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

    /** Whether this type is never evicted whatever the configuration (business documents, eviction records). */
    static boolean never(String type) {
        for (String n : NEVER_EVICTED) {
            if (type.startsWith(n)) {
                return true;
            }
        }
        return OutboxBudget.EVICTED.equals(type);
    }

    /** Whether this type is a sale document (sale, return, void). */
    static boolean sale(String type) {
        for (String s : SALES) {
            if (type.startsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** A condition on column {@code type} that holds exactly for evictable events; bind {@link #sqlParams()} in order. */
    String sql() {
        return sql;
    }

    List<String> sqlParams() {
        return sqlParams;
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(exact);
        prefixes.forEach(p -> all.add(p + "*"));
        return String.join(", ", all);
    }
}

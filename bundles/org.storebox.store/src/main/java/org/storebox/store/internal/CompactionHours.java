package org.storebox.store.internal;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * The local hours in which a due compaction may run at a lull ({@code compact_hours}): {@code HH:MM-HH:MM},
 * the end excluded, wrapping midnight when the end comes before the start ({@code 22:00-04:00}); empty means
 * any time.
 */
record CompactionHours(LocalTime from, LocalTime to) {
    static final CompactionHours ANY_TIME = new CompactionHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    static CompactionHours parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return ANY_TIME;
        }
        String[] ends = t.split("-", -1);
        try {
            if (ends.length == 2) {
                LocalTime from = LocalTime.parse(ends[0].trim());
                LocalTime to = LocalTime.parse(ends[1].trim());
                if (!from.equals(to)) {
                    return new CompactionHours(from, to);
                }
            }
        } catch (DateTimeParseException e) {
            // the message below says what to write
        }
        throw new IllegalArgumentException("compact_hours must be two different local times, HH:MM-HH:MM (for example "
                + "01:00-06:00, or 22:00-04:00 across midnight), or empty for any time; got \"" + text + "\"");
    }

    boolean anyTime() {
        return from.equals(to);
    }

    boolean contains(LocalTime t) {
        if (anyTime()) {
            return true;
        }
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** How long from {@code t} until the hours begin; zero within them. */
    Duration untilOpen(LocalTime t) {
        if (contains(t)) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(t, from);
        return d.isNegative() ? d.plusDays(1) : d;
    }

    @Override
    public String toString() {
        return anyTime() ? "any time" : from + "-" + to;
    }
}

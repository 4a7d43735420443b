package org.storebox.hq;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code stores}: one line per store from the database ingest fills. */
final class Stores {
    static final String[] HEADER = {"STORE", "STATE", "VERSION", "BACKLOG", "OLDEST_S", "EVENTS", "ACKED_UP_TO",
        "GAPS", "DUPLICATES", "POISON", "LAST_EVENT", "EVICTED"};

    private Stores() {
    }

    static List<String[]> rows(List<EventStore.StoreInfo> stores) {
        List<String[]> rows = new ArrayList<>();
        for (EventStore.StoreInfo s : stores) {
            rows.add(new String[] {s.store(), or(s.state()), or(s.version()), or(s.backlog()),
                or(s.oldestUnsyncedAgeS()), Long.toString(s.eventsStored()), Long.toString(s.contiguous()),
                EventStore.formatGaps(s.gaps()), Long.toString(s.duplicates()), Long.toString(s.poison()),
                s.lastEventTime() == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(s.lastEventTime()),
                Long.toString(s.evicted())});
        }
        return rows;
    }

    /** Prints an aligned table. */
    static void print(List<EventStore.StoreInfo> stores, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.addAll(rows(stores));
        int[] width = new int[HEADER.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(sb);
        }
        if (stores.isEmpty()) {
            out.println("(no store has reported yet)");
        }
    }

    private static String or(Object o) {
        return o == null ? "-" : o.toString();
    }
}

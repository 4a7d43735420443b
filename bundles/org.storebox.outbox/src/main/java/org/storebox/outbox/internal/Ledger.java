package org.storebox.outbox.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events HQ has not acknowledged, as the budget sees them: sequence number, bytes and type of
 * each, in sequence order, in primitive arrays (14 bytes an event; about 25 MB for 1.7 million small
 * events). Each event is read from the database once; acknowledged events are forgotten from the
 * front, evicted ones are marked gone. Used by one thread only.
 */
final class Ledger {
    /** Type index of an event that was evicted (its row deleted). */
    private static final short GONE = -1;
    /** The name every type beyond the 32,767th shares (kept, never evicted). */
    private static final String OTHER = "other";

    private final EventTypes types;
    private final List<String> typeNames = new ArrayList<>();
    private final Map<String, Short> typeIndex = new HashMap<>();
    private final List<Boolean> typeEvictable = new ArrayList<>();

    private long[] seqs = new long[1024];
    private int[] sizes = new int[1024];
    private short[] kinds = new short[1024];
    private int head;
    private int end;
    private int gone;
    /** Sale documents waiting: (seq, epoch ms), oldest first. */
    /** (sequence number, epoch ms) of each sale document waiting. */
    private final SeqQueue sales = new SeqQueue();

    private long bytes;
    private long keptBytes;
    private long events;
    /** Every event up to this sequence number has been read (or acknowledged). */
    private long countedUpTo;

    /** A run of consecutive evictable events, oldest first, to be replaced by one eviction record. */
    record Run(long firstSeq, long lastSeq, long bytes, Map<String, Long> byType) {
        long events() {
            return lastSeq - firstSeq + 1;
        }
    }

    Ledger(EventTypes types) {
        this.types = types;
        index(OTHER);
    }

    long bytes() {
        return bytes;
    }

    long keptBytes() {
        return keptBytes;
    }

    long events() {
        return events;
    }

    long countedUpTo() {
        return countedUpTo;
    }

    /** Epoch ms of the oldest sale document waiting, or -1 when none. */
    long oldestSaleMillis() {
        return sales.size() > 0 ? sales.value(0) : -1;
    }

    /**
     * Forgets every event up to {@code ackedSeq}: HQ has it. Each one still in the outbox goes to
     * {@code acknowledged} (the outbox may keep it for holders a while longer, see {@link Retained}).
     */
    void forget(long ackedSeq, Retained acknowledged) {
        while (head < end && seqs[head] <= ackedSeq) {
            if (kinds[head] == GONE) {
                gone--;
            } else {
                acknowledged.add(seqs[head], sizes[head]);
                drop(head);
            }
            head++;
        }
        sales.dropUpTo(ackedSeq);
        if (countedUpTo < ackedSeq) {
            countedUpTo = ackedSeq;
        }
    }

    /** Adds an event read from the outbox; events at or below {@link #countedUpTo()} are ignored. */
    void add(long seq, String type, int size, long epochMillis) {
        if (seq <= countedUpTo) {
            return;
        }
        if (end == seqs.length) {
            compactOrGrow();
        }
        seqs[end] = seq;
        sizes[end] = size;
        kinds[end] = index(type);
        bytes += size;
        events++;
        if (!evictable(kinds[end])) {
            keptBytes += size;
        }
        end++;
        if (EventTypes.sale(type)) {
            sales.add(seq, epochMillis);
        }
        countedUpTo = seq;
    }

    /**
     * The oldest runs of consecutive evictable events whose eviction frees about {@code needed} bytes,
     * at most {@code maxEvents} events in all. A run is worth evicting only when its events take more
     * than the record that replaces it ({@code recordBytes} tells its size).
     */
    List<Run> plan(long needed, int maxEvents, java.util.function.ToIntFunction<Run> recordBytes) {
        List<Run> runs = new ArrayList<>();
        long freed = 0;
        int taken = 0;
        int i = head;
        while (i < end && freed < needed && taken < maxEvents) {
            if (kinds[i] == GONE || !evictable(kinds[i])) {
                i++;
                continue;
            }
            // A run: consecutive sequence numbers, all evictable, cut where enough is freed.
            int start = i;
            long runBytes = 0;
            Map<String, Long> byType = new HashMap<>();
            while (i < end && kinds[i] != GONE && evictable(kinds[i]) && (i == start || seqs[i] == seqs[i - 1] + 1)
                    && taken + (i - start) < maxEvents) {
                runBytes += sizes[i];
                byType.merge(typeNames.get(kinds[i]), 1L, Long::sum);
                i++;
                // Cut the run once it frees enough, allowing for the record that replaces it.
                if (freed + runBytes - 256 - 96L * byType.size() >= needed) {
                    break;
                }
            }
            Run run = new Run(seqs[start], seqs[i - 1], runBytes, byType);
            long saved = runBytes - recordBytes.applyAsInt(run);
            if (saved > 0) {
                runs.add(run);
                freed += saved;
                taken += (int) run.events();
            }
        }
        return runs;
    }

    /** Records that a run was evicted: its events are gone, its last sequence number now holds the record. */
    void evicted(Run run, int recordBytes) {
        int i = find(run.firstSeq());
        if (i < 0) {
            return;
        }
        for (; i < end && seqs[i] <= run.lastSeq(); i++) {
            if (kinds[i] == GONE) {
                continue;
            }
            drop(i);
            if (seqs[i] == run.lastSeq()) {
                kinds[i] = index(org.storebox.api.outbox.OutboxBudget.EVICTED);
                sizes[i] = recordBytes;
                bytes += recordBytes;
                keptBytes += recordBytes;
                events++;
            } else {
                kinds[i] = GONE;
                gone++;
            }
        }
    }

    private void drop(int i) {
        bytes -= sizes[i];
        events--;
        if (!evictable(kinds[i])) {
            keptBytes -= sizes[i];
        }
    }

    private int find(long seq) {
        int lo = head;
        int hi = end - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (seqs[mid] < seq) {
                lo = mid + 1;
            } else if (seqs[mid] > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private boolean evictable(short kind) {
        return kind >= 0 && typeEvictable.get(kind);
    }

    private short index(String type) {
        Short k = typeIndex.get(type);
        if (k == null) {
            if (typeNames.size() >= Short.MAX_VALUE) {
                // More distinct types than anyone writes: the rest count as kept, under one name.
                return typeIndex.get(OTHER);
            }
            k = (short) typeNames.size();
            typeNames.add(type);
            typeIndex.put(type, k);
            typeEvictable.add(types.evictable(type));
        }
        return k;
    }

    /** Makes room at the end: drops acknowledged and evicted entries, doubling only when still full. */
    private void compactOrGrow() {
        int live = end - head - gone;
        int n = live * 2 > seqs.length ? seqs.length * 2 : seqs.length;
        long[] s = n == seqs.length ? seqs : new long[n];
        int[] z = n == seqs.length ? sizes : new int[n];
        short[] k = n == seqs.length ? kinds : new short[n];
        int j = 0;
        for (int i = head; i < end; i++) {
            if (kinds[i] != GONE) {
                s[j] = seqs[i];
                z[j] = sizes[i];
                k[j] = kinds[i];
                j++;
            }
        }
        seqs = s;
        sizes = z;
        kinds = k;
        head = 0;
        end = j;
        gone = 0;
    }
}

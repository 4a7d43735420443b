package org.storebox.outbox.internal;

/**
 * The events HQ has acknowledged that the outbox still keeps for holders (webhook targets behind HQ):
 * sequence number and bytes of each, oldest first, in primitive arrays. Fed from the {@link Ledger} as
 * HQ acknowledges, and once from the database when the box starts. Used by the budget thread only.
 */
final class Retained {
    /** (sequence number, bytes) of each event kept. */
    private final SeqQueue kept = new SeqQueue();
    private long bytes;

    long events() {
        return kept.size();
    }

    long bytes() {
        return bytes;
    }

    /** The oldest sequence number kept, or -1 when none. */
    long firstSeq() {
        return kept.size() > 0 ? kept.seq(0) : -1;
    }

    /** The newest sequence number kept, or -1 when none. */
    long lastSeq() {
        return kept.size() > 0 ? kept.seq(kept.size() - 1) : -1;
    }

    /** Adds an acknowledged event; one at or below the newest already known is ignored. */
    void add(long seq, int size) {
        if (kept.size() > 0 && seq <= lastSeq()) {
            return;
        }
        kept.add(seq, size);
        bytes += size;
    }

    /** Forgets every event up to and including {@code seq}: deleted from the outbox. */
    void dropUpTo(long seq) {
        bytes -= kept.dropUpTo(seq);
    }

    /** The sequence number up to which the oldest events must go so that the rest take at most {@code limit} bytes; -1 when none must. */
    long cutForBytes(long limit) {
        long left = bytes;
        long cut = -1;
        for (int i = 0; i < kept.size() && left > limit; i++) {
            left -= kept.value(i);
            cut = kept.seq(i);
        }
        return cut;
    }

    /** How many events kept have a sequence number from {@code from} to {@code to}. */
    long count(long from, long to) {
        long n = 0;
        for (int i = 0; i < kept.size() && kept.seq(i) <= to; i++) {
            if (kept.seq(i) >= from) {
                n++;
            }
        }
        return n;
    }

    /** The sequence number of the {@code max}-th oldest event at or below {@code upTo} (or of the last such one). */
    long batchEnd(long upTo, int max) {
        long last = -1;
        for (int i = 0; i < kept.size() && i < max && kept.seq(i) <= upTo; i++) {
            last = kept.seq(i);
        }
        return last;
    }
}

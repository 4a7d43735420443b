package org.storebox.outbox.internal;

/**
 * The events HQ has acknowledged that the outbox still keeps for holders (webhook targets behind HQ):
 * sequence number and bytes of each, oldest first, in primitive arrays. Fed from the {@link Ledger} as
 * HQ acknowledges, and once from the database when the box starts. Used by the budget thread only.
 */
final class Retained {
    private long[] seqs = new long[256];
    private int[] sizes = new int[256];
    private int head;
    private int end;
    private long bytes;

    long events() {
        return end - head;
    }

    long bytes() {
        return bytes;
    }

    /** The oldest sequence number kept, or -1 when none. */
    long firstSeq() {
        return head < end ? seqs[head] : -1;
    }

    /** The newest sequence number kept, or -1 when none. */
    long lastSeq() {
        return head < end ? seqs[end - 1] : -1;
    }

    /** Adds an acknowledged event; one at or below the newest already known is ignored. */
    void add(long seq, int size) {
        if (head < end && seq <= seqs[end - 1]) {
            return;
        }
        if (end == seqs.length) {
            int live = end - head;
            int n = live * 2 > seqs.length ? seqs.length * 2 : seqs.length;
            long[] s = n == seqs.length ? seqs : new long[n];
            int[] z = n == seqs.length ? sizes : new int[n];
            System.arraycopy(seqs, head, s, 0, live);
            System.arraycopy(sizes, head, z, 0, live);
            seqs = s;
            sizes = z;
            head = 0;
            end = live;
        }
        seqs[end] = seq;
        sizes[end] = size;
        bytes += size;
        end++;
    }

    /** Forgets every event up to and including {@code seq}: deleted from the outbox. */
    void dropUpTo(long seq) {
        while (head < end && seqs[head] <= seq) {
            bytes -= sizes[head];
            head++;
        }
    }

    /** The sequence number up to which the oldest events must go so that the rest take at most {@code limit} bytes; -1 when none must. */
    long cutForBytes(long limit) {
        long left = bytes;
        long cut = -1;
        for (int i = head; i < end && left > limit; i++) {
            left -= sizes[i];
            cut = seqs[i];
        }
        return cut;
    }

    /** How many events kept have a sequence number from {@code from} to {@code to}. */
    long count(long from, long to) {
        long n = 0;
        for (int i = head; i < end && seqs[i] <= to; i++) {
            if (seqs[i] >= from) {
                n++;
            }
        }
        return n;
    }

    /** The sequence number of the {@code max}-th oldest event at or below {@code upTo} (or of the last such one). */
    long batchEnd(long upTo, int max) {
        long last = -1;
        for (int i = head; i < end && i - head < max && seqs[i] <= upTo; i++) {
            last = seqs[i];
        }
        return last;
    }
}

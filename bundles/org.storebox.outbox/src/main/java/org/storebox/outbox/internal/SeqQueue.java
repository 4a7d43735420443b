package org.storebox.outbox.internal;

/**
 * Pairs of (sequence number, value) in rising sequence order, oldest first, in two primitive arrays that are
 * compacted or doubled when full. Index 0 is the oldest pair.
 */
final class SeqQueue {
    private long[] seqs = new long[256];
    private long[] values = new long[256];
    private int head;
    private int end;

    int size() {
        return end - head;
    }

    long seq(int i) {
        return seqs[head + i];
    }

    long value(int i) {
        return values[head + i];
    }

    /** Appends a pair; the caller keeps the sequence numbers rising. */
    void add(long seq, long value) {
        if (end == seqs.length) {
            int live = end - head;
            int n = live * 2 > seqs.length ? seqs.length * 2 : seqs.length;
            long[] s = n == seqs.length ? seqs : new long[n];
            long[] v = n == seqs.length ? values : new long[n];
            System.arraycopy(seqs, head, s, 0, live);
            System.arraycopy(values, head, v, 0, live);
            seqs = s;
            values = v;
            head = 0;
            end = live;
        }
        seqs[end] = seq;
        values[end] = value;
        end++;
    }

    /** Removes the pairs up to and including {@code seq}; returns the sum of their values. */
    long dropUpTo(long seq) {
        long sum = 0;
        while (head < end && seqs[head] <= seq) {
            sum += values[head];
            head++;
        }
        return sum;
    }
}

package org.storebox.uplink.mqtt.internal;

import java.time.Clock;
import java.util.List;

import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxService;

/**
 * Bytes and age of the events HQ has not acknowledged, kept incrementally: the outbox API offers
 * counts only, so each unacknowledged event is read once (or handed over by the uplink, which reads
 * it anyway) and its wire size and time are kept in two primitive rings until HQ acknowledges it.
 * A box with 100,000 events buffered holds about 2 MB here.
 */
final class BacklogMeter {
    private static final int READ_CHUNK = 1000;

    private final OutboxService outbox;
    private final Clock clock;
    /** Ring of (seq, wire bytes, epoch ms) of unacknowledged events counted so far, oldest first. */
    private long[] seqs = new long[1024];
    private int[] sizes = new int[1024];
    private long[] times = new long[1024];
    private int head;
    private int count;
    private long bytes;
    /** Every event up to this sequence number is counted (or acknowledged). */
    private long countedUpTo = -1;

    /** A snapshot of the backlog. */
    record Figures(long backlog, long bytes, long oldestAgeS, long lastSeq, long ackedSeq) {
    }

    BacklogMeter(OutboxService outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Reads what is new in the outbox, forgets what HQ acknowledged, and returns the figures. */
    synchronized Figures refresh() {
        long acked = outbox.acknowledgedSeq();
        forget(acked);
        long last = outbox.lastSeq();
        while (countedUpTo < last) {
            List<OutboxEvent> events = outbox.readFrom(countedUpTo + 1, READ_CHUNK);
            if (events.isEmpty()) {
                // Acknowledged in the meantime, or a gap the outbox never filled: nothing more to count.
                countedUpTo = last;
                break;
            }
            for (OutboxEvent e : events) {
                add(e, Wire.eventBytes(e));
            }
        }
        long oldest = count == 0 ? 0 : Math.max(0, (clock.millis() - times[head]) / 1000);
        return new Figures(Math.max(0, last - acked), bytes, oldest, last, acked);
    }

    /** Events the uplink has read and encoded anyway (same order, same lengths), saving a second read. */
    synchronized void observe(List<OutboxEvent> events, int[] wireBytes) {
        for (int i = 0; i < events.size(); i++) {
            // Only what continues the counted run: a gap would be read by the next refresh instead.
            if (countedUpTo >= 0 && events.get(i).seq == countedUpTo + 1) {
                add(events.get(i), wireBytes[i]);
            }
        }
    }

    /** Forgets every event up to {@code ackedSeq}. */
    synchronized void forget(long ackedSeq) {
        while (count > 0 && seqs[head] <= ackedSeq) {
            bytes -= sizes[head];
            head = (head + 1) % seqs.length;
            count--;
        }
        if (countedUpTo < ackedSeq) {
            countedUpTo = ackedSeq;
        }
    }

    private void add(OutboxEvent e, int size) {
        if (e.seq <= countedUpTo) {
            return;
        }
        if (count == seqs.length) {
            grow();
        }
        int tail = (head + count) % seqs.length;
        seqs[tail] = e.seq;
        sizes[tail] = size;
        times[tail] = e.time == null ? clock.millis() : e.time.toEpochMilli();
        count++;
        bytes += size;
        countedUpTo = e.seq;
    }

    private void grow() {
        int n = seqs.length * 2;
        long[] s = new long[n];
        int[] z = new int[n];
        long[] t = new long[n];
        for (int i = 0; i < count; i++) {
            int j = (head + i) % seqs.length;
            s[i] = seqs[j];
            z[i] = sizes[j];
            t[i] = times[j];
        }
        seqs = s;
        sizes = z;
        times = t;
        head = 0;
    }
}

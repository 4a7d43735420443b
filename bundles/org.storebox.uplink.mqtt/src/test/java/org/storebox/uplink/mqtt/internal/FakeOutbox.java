package org.storebox.uplink.mqtt.internal;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.storebox.api.common.StoreboxException;
import org.storebox.api.outbox.OutboxEvent;
import org.storebox.api.outbox.OutboxService;

/** An outbox in memory with the real one's contract, counting reads. */
final class FakeOutbox implements OutboxService {
    final TreeMap<Long, OutboxEvent> events = new TreeMap<>();
    long last;
    long acked;
    int reads;
    /** Acknowledgements written; the next {@code failingAcks} of them fail as a closing database would. */
    int ackWrites;
    int failingAcks;

    synchronized OutboxEvent add(String type, String data, Instant time) {
        OutboxEvent e = new OutboxEvent();
        e.seq = ++last;
        e.id = "id-" + e.seq;
        e.type = type;
        e.time = time;
        e.data = data == null ? null : data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        events.put(e.seq, e);
        return e;
    }

    @Override
    public long append(Connection connection, String type, String json) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized List<OutboxEvent> readFrom(long fromSeq, int max) {
        reads++;
        List<OutboxEvent> out = new ArrayList<>();
        for (OutboxEvent e : events.tailMap(Math.max(fromSeq, acked + 1)).values()) {
            if (out.size() == max) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public synchronized void acknowledge(long upToSeq) {
        ackWrites++;
        if (failingAcks > 0) {
            failingAcks--;
            throw new StoreboxException(StoreboxException.Kind.UNAVAILABLE, "the box is shutting down; retry in a moment");
        }
        if (upToSeq > last) {
            throw StoreboxException.invalid("cannot acknowledge up to seq " + upToSeq + ": last is " + last);
        }
        if (upToSeq > acked) {
            events.headMap(upToSeq, true).clear();
            acked = upToSeq;
        }
    }

    @Override
    public synchronized long backlog() {
        return last - acked;
    }

    @Override
    public synchronized long lastSeq() {
        return last;
    }

    @Override
    public synchronized long acknowledgedSeq() {
        return acked;
    }
}

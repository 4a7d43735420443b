package org.storebox.peripheral.scale.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** An EventAdmin that keeps every event in order, for tests to wait on and inspect. */
final class RecordingEventAdmin implements EventAdmin {
    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void postEvent(Event event) {
        events.add(event);
        notifyAll();
    }

    @Override
    public void sendEvent(Event event) {
        throw new AssertionError("drivers must post events, never send them: " + event);
    }

    /** The events of one topic so far, in order. */
    synchronized List<Event> on(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic)).toList();
    }

    /**
     * Waits until {@code count} events of the topic arrived; returns all of them so far.
     *
     * @throws AssertionError when they did not arrive in time, naming what did
     */
    synchronized List<Event> await(String topic, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (on(topic).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " events on " + topic + " within " + timeout + ", got " + describe(on(topic)));
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return on(topic);
    }

    /** Waits until an event of the topic after the first {@code skip} matches; returns it. */
    synchronized Event awaitMatch(String topic, int skip, Predicate<Event> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Event> seen = on(topic);
            for (int i = skip; i < seen.size(); i++) {
                if (match.test(seen.get(i))) {
                    return seen.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event on " + topic + " within " + timeout + "; got " + describe(seen));
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    static String describe(List<Event> list) {
        StringBuilder sb = new StringBuilder("[");
        for (Event e : list) {
            sb.append("\n  {");
            for (String k : e.getPropertyNames()) {
                if (!k.equals("event.topics")) {
                    sb.append(k).append('=').append(e.getProperty(k)).append(", ");
                }
            }
            sb.append('}');
        }
        return sb.append("]").toString();
    }
}

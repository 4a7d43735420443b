package org.storebox.peripheral.escpos.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assertions;
import org.storebox.api.peripheral.PeripheralEvents;

/** Records posted events; also the tests' polling helper. */
final class Events implements EventSink {
    record Posted(String topic, Map<String, Object> props) {
        Object get(String key) {
            return props.get(key);
        }
    }

    final List<Posted> posted = new CopyOnWriteArrayList<>();

    @Override
    public void post(String topic, Map<String, Object> properties) {
        posted.add(new Posted(topic, Map.copyOf(properties)));
    }

    List<Posted> status(String name) {
        return posted.stream().filter(p -> p.topic.equals(PeripheralEvents.TOPIC_STATUS) && name.equals(p.get(PeripheralEvents.NAME))).toList();
    }

    List<Posted> drawer(String name) {
        return posted.stream().filter(p -> p.topic.equals(PeripheralEvents.TOPIC_DRAWER) && name.equals(p.get(PeripheralEvents.NAME))).toList();
    }

    /** Polls until the condition holds or 10 s passed. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assertions.fail("not within 10 s: " + what);
            }
            try {
                Thread.sleep(10); // polling interval; the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted");
            }
        }
    }
}

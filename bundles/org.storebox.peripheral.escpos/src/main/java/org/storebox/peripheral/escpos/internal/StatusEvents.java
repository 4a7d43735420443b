package org.storebox.peripheral.escpos.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.storebox.api.peripheral.PeripheralEvents;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;

/** Holds one device's status and posts {@link PeripheralEvents#TOPIC_STATUS} on each transition. */
final class StatusEvents {
    private final String name;
    private final PeripheralKind kind;
    private final EventSink sink;
    private volatile PeripheralStatus status;

    StatusEvents(String name, PeripheralKind kind, EventSink sink, PeripheralStatus initial) {
        this.name = name;
        this.kind = kind;
        this.sink = sink;
        this.status = initial;
    }

    PeripheralStatus get() {
        return status;
    }

    /** Sets the status; posts an event when state, reason or detail differ from the current one. */
    synchronized boolean set(PeripheralStatus next) {
        PeripheralStatus now = status;
        if (now.state() == next.state() && Objects.equals(now.reason(), next.reason()) && now.detail().equals(next.detail())) {
            return false;
        }
        status = next;
        Map<String, Object> props = base();
        props.put(PeripheralEvents.STATE, next.state().name().toLowerCase(Locale.ROOT));
        if (next.reason() != null) {
            props.put(PeripheralEvents.REASON, next.reason());
        }
        props.put(PeripheralEvents.DETAIL, next.detail());
        sink.post(PeripheralEvents.TOPIC_STATUS, props);
        return true;
    }

    /** Posts a drawer open or close. */
    void drawer(boolean open) {
        Map<String, Object> props = base();
        props.put(PeripheralEvents.OPEN, open);
        sink.post(PeripheralEvents.TOPIC_DRAWER, props);
    }

    private Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>();
        props.put(PeripheralEvents.NAME, name);
        props.put(PeripheralEvents.KIND, kind.wire());
        return props;
    }
}

package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsImplTest {

    @Test
    void aComponentHasTheNewValuesWhateverCollectionHoldsThem() {
        Map<String, Object> component = Map.of("interval_s", 5L, "order_days", new String[] {"MON", "THU"},
                "component.name", "x");
        assertTrue(SettingsImpl.hasValues(component, Map.of("interval_s", 5L, "order_days", List.of("MON", "THU"))),
                "an array in the component, a list in the change");
        assertTrue(SettingsImpl.hasValues(component, Map.of("order_days", new String[] {"MON", "THU"})));
        assertFalse(SettingsImpl.hasValues(component, Map.of("interval_s", 0L)), "the old value: not taken yet");
        assertFalse(SettingsImpl.hasValues(component, Map.of("order_days", new String[] {"MON"})));
        assertFalse(SettingsImpl.hasValues(component, Map.of("window_days", 7L)), "a key it does not have yet");
    }
}

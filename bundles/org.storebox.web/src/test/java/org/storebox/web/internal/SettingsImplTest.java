package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.dto.ServiceReferenceDTO;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class SettingsImplTest {

    @Test
    void aConfigurationNotEnabledYetOrUnsatisfiedWhileWhatItNeedsIsRegisteredIsStillBeingSetUp() {
        ReferenceDTO events = new ReferenceDTO();
        events.name = "events";
        events.interfaceName = "org.osgi.service.event.EventAdmin";
        ComponentDescriptionDTO printer = new ComponentDescriptionDTO();
        printer.references = new ReferenceDTO[] {events};
        UnsatisfiedReferenceDTO unbound = new UnsatisfiedReferenceDTO();
        unbound.name = "events";
        unbound.targetServices = new ServiceReferenceDTO[0]; // SCR does not track it yet
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {unbound};
        assertTrue(SettingsImpl.settingUp(printer, c, (type, target) -> type.equals(events.interfaceName)),
                "EventAdmin is registered: SCR is about to bind it and build the component");
        assertFalse(SettingsImpl.settingUp(printer, c, (type, target) -> false),
                "no EventAdmin at all: the component waits for one, and the settings count as taken");
        c.state = ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION;
        assertTrue(SettingsImpl.settingUp(printer, c, (type, target) -> false));
        c.state = -1; // Felix SCR: made for the configuration, not enabled yet
        assertTrue(SettingsImpl.settingUp(printer, c, (type, target) -> false));
        c.state = ComponentConfigurationDTO.SATISFIED;
        assertFalse(SettingsImpl.settingUp(printer, c, (type, target) -> true), "satisfied: the caller builds it");
        c.state = ComponentConfigurationDTO.ACTIVE;
        assertFalse(SettingsImpl.settingUp(printer, c, (type, target) -> true));
    }

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

package org.storebox.peripheral.scale.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storebox.api.peripheral.Peripheral;
import org.storebox.api.peripheral.Scale;

/** What the component registers, and that it withdraws it. */
class ScaleComponentTest {
    @TempDir
    Path dir;

    @Test
    void registersTheScaleWithOnlyThePeripheralProperties() {
        FakeBundleContext fake = new FakeBundleContext();
        // a port that does not exist: the link keeps retrying, the service is registered all the same
        ScaleConfig config = TestConfigs.of(ScaleConfig.class, Map.of("name", "deli-scale", "port", dir.resolve("none").toString()));
        ScaleComponent component = new ScaleComponent(config, fake.context(), new RecordingEventAdmin());
        assertEquals(1, fake.registered.size());
        FakeBundleContext.Registered r = fake.registered.get(0);
        assertArrayEquals(new String[] { Scale.class.getName(), Peripheral.class.getName() }, r.classes);
        assertEquals(Map.of("peripheral.name", "deli-scale", "peripheral.kind", "scale", "peripheral.driver", "mtsics"),
                Map.copyOf(Collections.list(r.properties.keys()).stream()
                        .collect(java.util.stream.Collectors.toMap(k -> k, k -> r.properties.get(k)))));
        assertEquals("deli-scale", ((Scale) r.service).name());
        component.deactivate();
        assertTrue(r.unregistered);
    }

    @Test
    void badSettingsRegisterNothing() {
        FakeBundleContext fake = new FakeBundleContext();
        assertThrows(IllegalArgumentException.class,
                () -> new ScaleComponent(TestConfigs.of(ScaleConfig.class, Map.of("port", "/dev/null")), fake.context(), new RecordingEventAdmin()));
        assertTrue(fake.registered.isEmpty());
    }
}

package org.storebox.peripheral.scanner.internal;

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
import org.storebox.api.peripheral.BarcodeScanner;

/** What the component registers, and that it withdraws it. */
class ScannerComponentTest {
    @TempDir
    Path dir;

    @Test
    void registersTheScannerWithOnlyThePeripheralProperties() {
        FakeBundleContext fake = new FakeBundleContext();
        // a port that does not exist: the link keeps retrying, the service is registered all the same
        ScannerConfig config = TestConfigs.of(ScannerConfig.class, Map.of("name", "front-scanner", "port", dir.resolve("none").toString()));
        ScannerComponent component = new ScannerComponent(config, fake.context(), new RecordingEventAdmin());
        assertEquals(1, fake.registered.size());
        FakeBundleContext.Registered r = fake.registered.get(0);
        assertArrayEquals(new String[] { BarcodeScanner.class.getName(), Peripheral.class.getName() }, r.classes);
        assertEquals(Map.of("peripheral.name", "front-scanner", "peripheral.kind", "scanner", "peripheral.driver", "serial-scanner"),
                Map.copyOf(Collections.list(r.properties.keys()).stream()
                        .collect(java.util.stream.Collectors.toMap(k -> k, k -> r.properties.get(k)))));
        assertEquals("front-scanner", ((BarcodeScanner) r.service).name());
        component.deactivate();
        assertTrue(r.unregistered);
    }

    @Test
    void badSettingsRegisterNothing() {
        FakeBundleContext fake = new FakeBundleContext();
        assertThrows(IllegalArgumentException.class,
                () -> new ScannerComponent(TestConfigs.of(ScannerConfig.class, Map.of("port", "/dev/null")), fake.context(), new RecordingEventAdmin()));
        assertTrue(fake.registered.isEmpty());
    }
}

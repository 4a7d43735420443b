package org.storebox.hq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code tail}: one line per event, live. */
class TailTest {
    @Test
    void printsOneLinePerEvent() throws Exception {
        String store = "T-" + UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Tail tail = new Tail(new MqttSettings(TestBroker.get().url, null, null, "tail-" + store),
                new PrintStream(out, true, StandardCharsets.UTF_8), 3);
                TestBox box = new TestBox(TestBroker.get().url, store)) {
            tail.start(store);
            box.send(1, 2);
            box.send(3, 3);
            assertTrue(tail.await(10, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8));
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertEquals(store + " 1 sale.completed 2026-11-03T10:00:01Z {\"total\":\"12.1\",\"lines\":2}", lines[0]);
        assertTrue(lines[2].startsWith(store + " 3 sale.completed "));
    }
}

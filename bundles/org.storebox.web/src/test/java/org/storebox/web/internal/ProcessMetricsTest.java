package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The process and JVM metrics of this very JVM, in the Prometheus text format a scraper parses. */
class ProcessMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("([a-z_]+)(\\{[^}]*\\})? (-?[0-9.]+)");

    @Test
    void theProcessFiguresAreThisJvmsAndEachSampleIsDeclaredFirst() {
        StringBuilder sb = new StringBuilder();
        ProcessMetrics.write(sb, "1.2.3");
        Map<String, Double> samples = new HashMap<>();
        Set<String> declared = new HashSet<>();
        for (String line : sb.toString().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                declared.add(line.split(" ")[2]);
                continue;
            }
            if (line.startsWith("# HELP ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), () -> "a sample line: " + line);
            String family = m.group(1).replaceAll("_(count|sum)$", "");
            assertTrue(declared.contains(family) || declared.contains(m.group(1)), () -> "TYPE before " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        assertEquals(1.0, samples.get("storebox_build_info{version=\"1.2.3\"}"));
        double start = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
        assertEquals(start, samples.get("process_start_time_seconds"), 0.001, "this JVM's start");
        assertTrue(samples.get("process_cpu_seconds_total") > 0, "this JVM used some CPU");
        assertTrue(samples.get("process_open_fds") > 0 && samples.get("process_open_fds") <= samples.get("process_max_fds"),
                samples::toString);
        assertTrue(samples.get("process_resident_memory_bytes") > 1_000_000, samples::toString);
        double heap = samples.get("jvm_memory_used_bytes{area=\"heap\"}");
        assertTrue(heap > 0 && heap <= samples.get("jvm_memory_max_bytes{area=\"heap\"}"), samples::toString);
        assertEquals(Runtime.getRuntime().maxMemory(), samples.get("jvm_memory_max_bytes{area=\"heap\"}"),
                Runtime.getRuntime().maxMemory() * 0.05, "the heap's limit (-Xmx)");
        assertTrue(samples.get("jvm_threads_current") >= 1, samples::toString);
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count{gc=")),
                samples::toString);
    }
}

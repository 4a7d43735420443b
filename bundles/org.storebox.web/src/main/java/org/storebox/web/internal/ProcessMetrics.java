package org.storebox.web.internal;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The process and JVM metrics a Prometheus setup expects of any Java service, under the names of the Prometheus Java
 * client: when the box started (a restart shows as a new value), its CPU, memory, open files, threads and garbage
 * collections. Read from the JDK's management beans through JMX attributes, so no com.sun class is imported.
 */
final class ProcessMetrics {
    private static final ObjectName OS = name("java.lang:type=OperatingSystem");
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMetrics() {
    }

    static void write(StringBuilder sb, String version) {
        sb.append("# HELP storebox_build_info The box's version.\n# TYPE storebox_build_info gauge\n")
                .append("storebox_build_info{version=\"").append(version).append("\"} 1\n");
        gauge(sb, "process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Long cpu = attribute(server, "ProcessCpuTime");
        if (cpu != null && cpu >= 0) {
            sample(sb, "process_cpu_seconds_total", "counter", "User and system CPU time of the process, in seconds.",
                    cpu / 1e9);
        }
        Long open = attribute(server, "OpenFileDescriptorCount");
        Long max = attribute(server, "MaxFileDescriptorCount");
        if (open != null && max != null) {
            gauge(sb, "process_open_fds", "Open file descriptors.", open);
            gauge(sb, "process_max_fds", "The most file descriptors the process may open.", max);
        }
        long rss = residentBytes();
        if (rss >= 0) {
            gauge(sb, "process_resident_memory_bytes", "Resident memory of the process, in bytes.", rss);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        header(sb, "jvm_memory_used_bytes", "gauge", "Memory in use, by area.");
        sb.append("jvm_memory_used_bytes{area=\"heap\"} ").append(heap.getUsed()).append('\n');
        sb.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(nonHeap.getUsed()).append('\n');
        header(sb, "jvm_memory_max_bytes", "gauge", "The most memory the area may use (-Xmx for the heap).");
        sb.append("jvm_memory_max_bytes{area=\"heap\"} ").append(heap.getMax()).append('\n');
        gauge(sb, "jvm_threads_current", "Live threads of the JVM.", ManagementFactory.getThreadMXBean().getThreadCount());
        header(sb, "jvm_gc_collection_seconds", "summary", "Garbage collections and the time they took, by collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String label = "{gc=\"" + gc.getName().replace("\\", "\\\\").replace("\"", "\\\"") + "\"} ";
            sb.append("jvm_gc_collection_seconds_count").append(label).append(Math.max(0, gc.getCollectionCount()))
                    .append('\n');
            sb.append("jvm_gc_collection_seconds_sum").append(label)
                    .append(String.format(Locale.ROOT, "%.3f", Math.max(0, gc.getCollectionTime()) / 1000.0)).append('\n');
        }
    }

    /** VmRSS of /proc/self/status in bytes; -1 where there is no such file (not Linux). */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or a format this does not know: the metric is left out.
        }
        return -1;
    }

    private static Long attribute(MBeanServer server, String name) {
        try {
            return server.getAttribute(OS, name) instanceof Number n ? n.longValue() : null;
        } catch (JMException | RuntimeException e) {
            return null; // a JDK without the attribute: the metric is left out
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void gauge(StringBuilder sb, String name, String help, double value) {
        sample(sb, name, "gauge", help, value);
    }

    private static void header(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ')
                .append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, String type, String help, double value) {
        header(sb, name, type, help);
        sb.append(name).append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(String.format(Locale.ROOT, "%.3f", value));
        }
        sb.append('\n');
    }
}

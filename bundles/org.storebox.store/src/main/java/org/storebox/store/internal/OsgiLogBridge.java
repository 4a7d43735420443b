package org.storebox.store.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards warnings and errors of the OSGi log (where Declarative Services reports a component that
 * failed to activate, for example over a bad configuration) to the box's log, so a technician sees them.
 */
@Component(immediate = true)
public class OsgiLogBridge implements LogListener {
    private static final Logger LOG = LoggerFactory.getLogger("osgi");
    private final LogReaderService reader;

    @Activate
    public OsgiLogBridge(@Reference LogReaderService reader) {
        this.reader = reader;
        // Entries logged before this bridge started (oldest last in the enumeration) come first.
        java.util.List<LogEntry> earlier = java.util.Collections.list(reader.getLog());
        java.util.Collections.reverse(earlier);
        earlier.forEach(this::logged);
        reader.addLogListener(this);
    }

    @Deactivate
    void stop() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry e) {
        LogLevel level = e.getLogLevel();
        if (level == LogLevel.ERROR || level == LogLevel.AUDIT) {
            LOG.error("[{}] {}", e.getBundle().getSymbolicName(), e.getMessage(), e.getException());
        } else if (level == LogLevel.WARN) {
            LOG.warn("[{}] {}", e.getBundle().getSymbolicName(), e.getMessage(), e.getException());
        }
    }
}

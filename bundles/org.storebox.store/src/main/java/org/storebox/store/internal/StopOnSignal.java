package org.storebox.store.internal;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework when the JVM is asked to end (SIGTERM from systemd or Docker, Ctrl-C), and
 * waits for it: every component deactivates in order, so the database writer commits what it has
 * accepted and closes the file (compacting it), and the uplink says goodbye to HQ. The launcher
 * does not do this itself; without it the JVM ended with the framework still running.
 */
@Component
public class StopOnSignal {
    private static final Logger LOG = LoggerFactory.getLogger(StopOnSignal.class);
    /** Past this the JVM ends anyway; every acknowledged sale is already on disk. */
    static final long WAIT_SECONDS = 60;

    private final Thread hook;

    @Activate
    public StopOnSignal(BundleContext context) {
        Framework framework = context.getBundle(0).adapt(Framework.class);
        this.hook = new Thread(() -> stop(framework), "storebox-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void stop(Framework framework) {
        LOG.info("Stopping: the JVM is shutting down");
        try {
            framework.stop();
            FrameworkEvent done = framework.waitForStop(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (done.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.warn("The framework did not stop within {} s; ending anyway", WAIT_SECONDS);
            }
        } catch (BundleException e) {
            LOG.warn("Could not stop the framework; ending anyway", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or about to, and stops the framework.
        }
    }
}

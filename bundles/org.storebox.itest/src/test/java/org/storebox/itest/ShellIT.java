package org.storebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.storebox.api.store.StoreInfo;

/** The technician's Gogo commands are registered and answer through Gogo itself. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ShellIT {
    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = Await.TIMEOUT_MS)
    CommandProcessor gogo;
    @InjectService(timeout = Await.TIMEOUT_MS)
    StoreInfo store;

    @Test
    void statusCommandNamesTheStore() throws Exception {
        ServiceReference<?> commands = Await.until(context, "a service with osgi.command.scope=storebox", () -> {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=storebox)");
                return refs == null ? null : refs[0];
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
        Object functions = commands.getProperty(CommandProcessor.COMMAND_FUNCTION);
        List<String> names = functions instanceof String[] ? Arrays.asList((String[]) functions) : List.of(String.valueOf(functions));
        assertTrue(names.contains("status"), () -> "storebox commands should include status: " + names);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]), out, err);
        try {
            Object status = Await.until(context, "storebox:status to answer", () -> {
                try {
                    return session.execute("storebox:status");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("ITEST-1", store.storeId());
            assertTrue(String.valueOf(status).contains(store.storeId()),
                    () -> "storebox:status should name the store " + store.storeId() + ":\n" + status + "\n" + err);
        } finally {
            session.close();
        }
    }
}

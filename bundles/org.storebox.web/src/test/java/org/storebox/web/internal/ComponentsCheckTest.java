package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;

import org.junit.jupiter.api.Test;

class ComponentsCheckTest {

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void theReasonIsTheInnermostMessageWithoutClassNames() {
        Throwable refused = new IllegalArgumentException("compact_hours must be HH:MM-HH:MM; got \"night\"");
        assertEquals("compact_hours must be HH:MM-HH:MM; got \"night\"", ComponentsCheck.reason(stackTrace(refused)));
        Throwable wrapped = new IllegalStateException("constructor failed", new InvocationTargetException(refused));
        assertEquals("compact_hours must be HH:MM-HH:MM; got \"night\"", ComponentsCheck.reason(stackTrace(wrapped)),
                "through the wrappers of a reflective constructor call");
    }

    @Test
    void aFailureWithoutAMessageKeepsItsClassAndNoFailureTextSaysWhereToLook() {
        assertEquals("java.lang.NullPointerException", ComponentsCheck.reason(stackTrace(new NullPointerException())));
        assertEquals("no reason given (see the log)", ComponentsCheck.reason(null));
        assertEquals("Unable to get service for reference $000",
                ComponentsCheck.reason("Unable to get service for reference $000"), "a plain text stays as it is");
    }
}

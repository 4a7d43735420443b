package org.storebox.catalog.internal;

import java.io.IOException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.storebox.api.common.StoreboxException;
import org.storebox.json.Json;

/** Reads a command payload into its class, turning Jackson's failures into one sentence that says what to fix. */
final class Payloads {
    private Payloads() {
    }

    static <T> T read(String payload, Class<T> type, String command) {
        try {
            return Json.mapper().readValue(payload, type);
        } catch (UnrecognizedPropertyException e) {
            throw StoreboxException.invalid("field '" + Json.path(e.getPath()) + "' is not known in a " + command + " command; known: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            throw StoreboxException.invalid("field '" + Json.path(e.getPath()) + "' has a wrong value in the " + command + " command: "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw StoreboxException.invalid("the " + command + " command is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw StoreboxException.invalid("the " + command + " command cannot be read: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** "full" (true) or "delta" (false); INVALID otherwise. */
    static boolean full(String mode, String command) {
        if ("full".equals(mode)) {
            return true;
        }
        if ("delta".equals(mode)) {
            return false;
        }
        throw StoreboxException.invalid("mode " + (mode == null ? "is missing" : "'" + mode + "' is not known")
                + " in the " + command + " command; give \"mode\": \"full\" or \"delta\"");
    }

    /** A version of 1 or more; INVALID otherwise. */
    static long version(Long version, String command) {
        if (version == null || version < 1) {
            throw StoreboxException.invalid("version " + (version == null ? "is missing" : version + " is below 1")
                    + " in the " + command + " command; give HQ's version number, 1 or more, rising with each change");
        }
        return version;
    }
}

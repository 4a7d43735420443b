package org.storebox.api.command;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a command did, sent to HQ in the reply as {@code "message"} and {@code "result"}.
 */
public class CommandResult {
    /** One English sentence saying what was applied, for example {@code price book 12 applied: 3 prices}. */
    public String message;
    /**
     * Figures of the outcome: JSON-friendly values only (String, Number, Boolean, lists and maps of
     * them); BigDecimal amounts go out as decimal strings.
     */
    public Map<String, Object> data = new LinkedHashMap<>();

    public CommandResult() {
    }

    public CommandResult(String message, Map<String, Object> data) {
        this.message = message;
        this.data = data == null ? new LinkedHashMap<>() : new LinkedHashMap<>(data);
    }
}

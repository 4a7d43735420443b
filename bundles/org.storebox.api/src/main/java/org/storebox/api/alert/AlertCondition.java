package org.storebox.api.alert;

/** A condition that holds now, as reported by an {@link AlertRule}. */
public class AlertCondition {
    /** Identifies the condition within its rule; the same key again is the same alert. */
    public String key;
    public Severity severity;
    /** A message code for translation, for example {@code stock.out}. */
    public String code;
    /** An English sentence that says what is wrong and what to do. */
    public String message;
    /** What it is about (a SKU, a terminal); may be null. */
    public String subject;
    /** Parameters for the message as a JSON object text; may be null. */
    public String params;

    public AlertCondition() {
    }

    public AlertCondition(String key, Severity severity, String code, String message, String subject, String params) {
        this.key = key;
        this.severity = severity;
        this.code = code;
        this.message = message;
        this.subject = subject;
        this.params = params;
    }
}
